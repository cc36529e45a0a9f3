import Foundation
import Glibc

/// An SMTP server on 127.0.0.1, at a port the kernel chooses, that offers STARTTLS,
/// replies 220 to the command and then breaks the TLS handshake in the way `failure`
/// names. Real servers with a broken TLS set-up behave like this, and so can a hostile
/// one.
///
/// It serves one connection at a time on a background thread until `stop()`.
final class BrokenTLSServer: Sendable {
    enum Failure: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Reads the ClientHello and replies with plain text.
        case garbage
        /// Closes the connection right after the 220 reply, before the ClientHello.
        case closeAtOnce
        /// Reads the ClientHello and closes the connection.
        case closeAfterHello
        /// Reads the ClientHello, sends the first bytes of a TLS handshake record and
        /// closes the connection.
        case truncatedRecord
        /// Reads the ClientHello and resets the connection (TCP RST).
        case reset

        var description: String { rawValue }
    }

    let failure: Failure
    let port: Int
    private let listener: Int32

    init(failure: Failure) throws {
        self.failure = failure
        (listener, port) = try BrokenTLSServer.listen()
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting; a connection being served finishes on its own. The accept thread
    /// closes the listening socket, so that it never calls accept on a closed number.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private static func listen() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && Glibc.listen(descriptor, 16) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw TestEnvironmentError(
                "cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            let size = socklen_t(MemoryLayout<timeval>.size)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
            serve(connection)
        }
    }

    private func serve(_ connection: Int32) {
        send(connection, "220 broken.test ESMTP\r\n")
        _ = readLine(connection)
        send(connection, "250-broken.test\r\n250 STARTTLS\r\n")
        _ = readLine(connection)
        send(connection, "220 2.0.0 Ready to start TLS\r\n")
        breakHandshake(connection)
    }

    private func breakHandshake(_ connection: Int32) {
        var hello = [UInt8](repeating: 0, count: 16_384)
        switch failure {
        case .closeAtOnce:
            break
        case .garbage:
            _ = recv(connection, &hello, hello.count, 0)
            send(connection, String(repeating: "this is not TLS\r\n", count: 8))
        case .closeAfterHello:
            _ = recv(connection, &hello, hello.count, 0)
        case .truncatedRecord:
            _ = recv(connection, &hello, hello.count, 0)
            // A handshake record header that announces 64 bytes, then two of them.
            send(connection, [0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00])
        case .reset:
            _ = recv(connection, &hello, hello.count, 0)
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(
                connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        }
        close(connection)
    }

    private func send(_ connection: Int32, _ text: String) {
        send(connection, Array(text.utf8))
    }

    private func send(_ connection: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes {
            Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
    }

    /// Reads up to a LF, one byte at a time, so that no byte of the handshake is consumed.
    private func readLine(_ connection: Int32) -> [UInt8] {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 4096, recv(connection, &byte, 1, 0) == 1 {
            line.append(byte)
            if byte == 0x0A { break }
        }
        return line
    }
}
