import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The MTA side of the milter protocol (version 6), for tests that drive a milter
/// without an MTA. Every packet is a 4-byte big-endian length that counts the command
/// byte, the command byte, then the data.
final class MilterWireClient {
    /// One packet from the milter.
    struct Packet: Equatable, CustomStringConvertible {
        let command: Character
        let data: [UInt8]

        /// The data as text, NUL separators shown as `|`.
        var text: String {
            String(decoding: data.map { $0 == 0 ? UInt8(ascii: "|") : $0 }, as: UTF8.self)
        }

        var description: String { "\(command) \(text)" }
    }

    /// What the milter returned at end of message: the modifications in order, then the
    /// final reply.
    struct EndOfMessage {
        let modifications: [Packet]
        let final: Packet
        var progressCount = 0

        func modifications(_ command: Character) -> [Packet] {
            modifications.filter { $0.command == command }
        }
    }

    private let descriptor: Int32
    private(set) var grantedActions: UInt32 = 0
    private(set) var grantedSteps: UInt32 = 0
    /// The macro lists the milter requested, by stage number.
    private(set) var requestedMacros: [UInt32: String] = [:]

    init(unixPath: String, timeoutSeconds: Int = 30) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in unixPath.utf8.prefix(buffer.count - 1).enumerated() {
                buffer[index] = byte
            }
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            throw TestFailure("connect to \(unixPath) failed: errno \(errno)")
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(
            descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    // MARK: - Raw packets

    func send(_ command: Character, _ data: [UInt8] = []) throws {
        try sendRaw(MilterWireClient.packet(command, data))
    }

    func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw TestFailure("send failed: errno \(errno)") }
            offset += written
        }
    }

    static func packet(_ command: Character, _ data: [UInt8]) -> [UInt8] {
        let length = UInt32(data.count + 1)
        return withUnsafeBytes(of: length.bigEndian, Array.init) + [command.asciiValue ?? 0] + data
    }

    func readPacket() throws -> Packet {
        let header = try readExactly(4)
        let length = header.reduce(0) { ($0 << 8) | Int($1) }
        guard length >= 1, length <= 1 << 20 else {
            throw TestFailure("invalid reply length \(length)")
        }
        let body = try readExactly(length)
        return Packet(command: Character(UnicodeScalar(body[0])), data: Array(body.dropFirst()))
    }

    /// True when the milter closed or reset the connection within `seconds`.
    func isClosedByPeer(seconds: Int) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        var ready = poll(&poller, 1, Int32(seconds * 1000))
        while ready < 0 && errno == EINTR {
            ready = poll(&poller, 1, Int32(seconds * 1000))
        }
        guard ready > 0 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_PEEK)) <= 0
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = buffer[offset...].withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, 0)
            }
            // Foundation's SIGCHLD handling interrupts calls when another test's child exits.
            if received < 0 && errno == EINTR { continue }
            guard received > 0 else {
                throw TestFailure(
                    "connection closed or timed out after \(offset) of \(count) bytes")
            }
            offset += received
        }
        return buffer
    }

    // MARK: - Protocol steps

    /// Offers `actions` and `steps`; returns after the milter's reply and records what it
    /// granted and which macros it requested.
    func negotiate(version: UInt32 = 6, actions: UInt32 = 0x1FF, steps: UInt32 = 0x1F_FFFF) throws {
        try send(
            "O",
            [version, actions, steps].flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) })
        let reply = try readPacket()
        guard reply.command == "O", reply.data.count >= 12 else {
            throw TestFailure("unexpected negotiation reply \(reply)")
        }
        grantedActions = MilterWireClient.uint32(reply.data, at: 4)
        grantedSteps = MilterWireClient.uint32(reply.data, at: 8)
        var offset = 12
        while offset + 4 <= reply.data.count {
            let stage = MilterWireClient.uint32(reply.data, at: offset)
            let end = reply.data[(offset + 4)...].firstIndex(of: 0) ?? reply.data.count
            requestedMacros[stage] = String(decoding: reply.data[(offset + 4)..<end], as: UTF8.self)
            offset = end + 1
        }
    }

    func macros(_ stage: Character, _ pairs: [(String, String)]) throws {
        var data: [UInt8] = [stage.asciiValue ?? 0]
        for (name, value) in pairs {
            data += Array(name.utf8) + [0] + Array(value.utf8) + [0]
        }
        try send("D", data)
    }

    /// Sends the connect step; family is `4`, `6`, `L` or `U` (unknown, no address).
    func connect(
        host: String, family: Character = "4", port: UInt16 = 25, address: String = "192.0.2.66"
    )
        throws -> Packet
    {
        var data = Array(host.utf8) + [0, family.asciiValue ?? 0]
        if family != "U" {
            data += withUnsafeBytes(of: port.bigEndian, Array.init) + Array(address.utf8) + [0]
        }
        try send("C", data)
        return try readPacket()
    }

    func helo(_ name: String) throws -> Packet {
        try send("H", Array(name.utf8) + [0])
        return try readPacket()
    }

    func mail(_ arguments: [String]) throws -> Packet {
        try send("M", arguments.flatMap { Array($0.utf8) + [0] })
        return try readPacket()
    }

    func rcpt(_ arguments: [String]) throws -> Packet {
        try send("R", arguments.flatMap { Array($0.utf8) + [0] })
        return try readPacket()
    }

    /// Sends one header field; waits for a reply only when the milter did not ask for
    /// no replies to headers.
    func header(_ name: String, _ value: [UInt8]) throws {
        try send("L", Array(name.utf8) + [0] + value + [0])
        if grantedSteps & 0x80 == 0 { _ = try readPacket() }
    }

    func endOfHeaders() throws -> Packet {
        try send("N")
        return try readPacket()
    }

    /// Sends the body in chunks of at most 65535 bytes.
    func body(_ bytes: [UInt8], chunkSize: Int = 65_535) throws {
        var offset = 0
        repeat {
            let end = min(offset + chunkSize, bytes.count)
            try send("B", Array(bytes[offset..<end]))
            if grantedSteps & 0x80000 == 0 { _ = try readPacket() }
            offset = end
        } while offset < bytes.count
    }

    func endOfMessage() throws -> EndOfMessage {
        try send("E")
        var modifications: [Packet] = []
        var progress = 0
        while true {
            let packet = try readPacket()
            switch packet.command {
            case "p":
                progress += 1
            case "a", "c", "r", "t", "d", "y":
                return EndOfMessage(
                    modifications: modifications, final: packet, progressCount: progress)
            default:
                modifications.append(packet)
            }
        }
    }

    func abort() throws {
        try send("A")
    }

    func quit() throws {
        try send("Q")
    }

    /// Runs negotiation, connect and HELO with the usual test values.
    func open(helo: String = "mail.example.com", tls: Bool = false) throws {
        try negotiate()
        try macros("C", [("j", "mx1.example.net"), ("{client_addr}", "192.0.2.66")])
        _ = try connect(host: "mail.example.com")
        var heloMacros: [(String, String)] = []
        if tls {
            heloMacros = [
                ("{tls_version}", "TLSv1.3"), ("{cipher}", "TLS_AES_256_GCM_SHA384"),
                ("{cipher_bits}", "256"),
            ]
        }
        try macros("H", heloMacros)
        _ = try self.helo(helo)
    }

    /// Sends one message: MAIL, RCPTs, headers, body; returns the end-of-message result.
    func sendMessage(
        from sender: [String] = ["<bob@example.com>"],
        to recipients: [[String]] = [["<carol@example.org>"]],
        queueID: String = "4TESTQ1", headers: [(String, [UInt8])],
        body: [UInt8] = Array("Hello\r\n".utf8)
    ) throws -> EndOfMessage {
        _ = try mail(sender)
        try macros("R", [("i", queueID)])
        for recipient in recipients {
            _ = try rcpt(recipient)
        }
        for (name, value) in headers {
            try header(name, value)
        }
        _ = try endOfHeaders()
        try self.body(body)
        return try endOfMessage()
    }

    private static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { ($0 << 8) | UInt32($1) }
    }
}
