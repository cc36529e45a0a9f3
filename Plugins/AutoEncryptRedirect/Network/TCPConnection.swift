import Glibc

/// A TCP connection with a deadline for every step, for the probe, the MTA-STS fetch and
/// the reinjection client. The only code in this plugin that calls the socket API.
final class TCPConnection: ByteStream {
    let host: String
    let port: Int
    /// The socket, closed when the connection goes away.
    private let socket: SocketDescriptor
    /// The time by which all of the connection's work must be done.
    let deadline: ContinuousClock.Instant

    var peerName: String { "[\(host)]:\(port)" }
    var descriptor: Int32 { socket.value }

    /// Connects to `address` (an IPv4 or IPv6 literal) within `timeout`, which also
    /// bounds everything done on the connection afterwards.
    init(address: String, port: Int, timeout: Duration) throws(NetworkError) {
        host = address
        self.port = port
        deadline = .now + timeout
        var storage = sockaddr_storage()
        let length = try TCPConnection.fill(&storage, address: address, port: port)
        guard let socket = SocketDescriptor(family: Int32(storage.ss_family)) else {
            throw .connectFailed(host: address, port: port, reason: TCPConnection.errnoText())
        }
        self.socket = socket
        // A failed connect needs no clean-up here: `socket` closes the descriptor.
        try connect(storage: &storage, length: length)
    }

    private func connect(storage: inout sockaddr_storage, length: socklen_t)
        throws(NetworkError)
    {
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        let result = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, length)
            }
        }
        if result != 0 && errno != EINPROGRESS {
            throw .connectFailed(host: host, port: port, reason: TCPConnection.errnoText())
        }
        if result != 0 {
            try wait(for: Int16(POLLOUT), during: "connect")
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &size)
            guard error == 0 else {
                throw .connectFailed(
                    host: host, port: port, reason: String(cString: strerror(error)))
            }
        }
        _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    func wait(for events: Int16, during step: String) throws(NetworkError) {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw .timedOut(host: peerName, during: step) }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw .ioFailed(host: peerName, reason: TCPConnection.errnoText())
            }
        }
    }

    func read(max count: Int, during step: String) throws(NetworkError) -> [UInt8] {
        try wait(for: Int16(POLLIN), during: step)
        var bytes = [UInt8](repeating: 0, count: count)
        let received = recv(descriptor, &bytes, count, 0)
        guard received >= 0 else {
            throw .ioFailed(host: peerName, reason: TCPConnection.errnoText())
        }
        return Array(bytes[0..<received])
    }

    func write(_ bytes: [UInt8], during step: String) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), during: step)
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else {
                throw .ioFailed(host: peerName, reason: TCPConnection.errnoText())
            }
            offset += sent
        }
    }

    /// Sets the kernel's send and receive timeouts to the time left, for code that does
    /// blocking I/O on the descriptor itself (OpenSSL).
    func applyRemainingTimeToSocket() {
        let remaining = max(deadline - .now, .milliseconds(1))
        var value = timeval(
            tv_sec: Int(remaining.components.seconds),
            tv_usec: Int(remaining.components.attoseconds / 1_000_000_000_000))
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, size)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, size)
    }

    private static func fill(_ storage: inout sockaddr_storage, address: String, port: Int)
        throws(NetworkError) -> socklen_t
    {
        let networkPort = UInt16(clamping: port).bigEndian
        if address.contains(":") {
            var ipv6 = sockaddr_in6()
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = networkPort
            guard inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 else {
                throw .invalidAddress(address)
            }
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv6) { target.copyMemory(from: $0) }
            }
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        var ipv4 = sockaddr_in()
        ipv4.sin_family = sa_family_t(AF_INET)
        ipv4.sin_port = networkPort
        guard inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 else {
            throw .invalidAddress(address)
        }
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: ipv4) { target.copyMemory(from: $0) }
        }
        return socklen_t(MemoryLayout<sockaddr_in>.size)
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
