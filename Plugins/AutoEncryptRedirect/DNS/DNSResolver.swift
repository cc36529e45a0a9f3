import CResolv

/// DNS lookups through libresolv: MX, TXT, TLSA and address records, with the AD bit.
///
/// The only code in this plugin that calls the resolver library. With `server` nil, the
/// name servers of /etc/resolv.conf are used. Otherwise queries go to `server` at `port`,
/// such as a local validating resolver or a test server on loopback.
///
/// The AD bit of a response counts only when the resolver is on loopback (127.0.0.0/8
/// or ::1), as Postfix's DANE support requires, because the path from any other resolver
/// is not protected. `DNSAnswer.authenticated` carries that combined judgement.
struct DNSResolver: Sendable {
    var server: String?
    var port: UInt16
    /// Seconds per try; libresolv tries once more after a timeout.
    var timeoutSeconds: Int

    init(server: String? = nil, port: UInt16 = 53, timeoutSeconds: Int = 5) {
        self.server = server
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// Parses a resolver setting: empty for the system resolver, `ADDRESS` or
    /// `ADDRESS:PORT` for an IPv4 server.
    ///
    /// NOTE: a configured resolver must be IPv4, because the query shim fills only
    /// libresolv's IPv4 server list. An IPv6 resolver works when /etc/resolv.conf names it.
    init(setting: String, timeoutSeconds: Int = 5) throws(DNSError) {
        self.init(timeoutSeconds: timeoutSeconds)
        guard !setting.isEmpty else { return }
        let parts = setting.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, DNSResolver.isIPv4(String(parts[0])) else {
            throw .invalidResolver(setting)
        }
        server = String(parts[0])
        if parts.count == 2 {
            guard let number = UInt16(parts[1]), number > 0 else {
                throw .invalidResolver(setting)
            }
            port = number
        }
    }

    /// Looks up `name` and returns the records of `type`, following no CNAMEs itself
    /// (the recursive resolver does).
    func lookup(_ name: String, _ type: DNSRecordType) throws(DNSError) -> DNSAnswer {
        let typeName = "\(type)".uppercased()
        var buffer = [UInt8](repeating: 0, count: 65_535)
        var loopback: Int32 = 0
        var hostError: Int32 = 0
        let length = buffer.withUnsafeMutableBufferPointer { answer in
            // RES_TRUSTAD is always requested so that glibc keeps the AD bit. Whether the
            // bit counts is decided below from the server that sent the response.
            tlsguard_dns_query(
                server, port, 1, Int32(timeoutSeconds), name, Int32(type.rawValue),
                answer.baseAddress, Int32(answer.count), &loopback, &hostError)
        }
        guard length > 0 else {
            if hostError == HOST_NOT_FOUND || hostError == NO_DATA {
                throw .noRecords(name: name, type: typeName)
            }
            throw .temporaryFailure(name: name, type: typeName)
        }
        let message = try DNSMessage(parsing: Array(buffer[0..<Int(length)]))
        let records = message.answers.filter { $0.type == type }
        return DNSAnswer(
            records: records, authenticated: message.authenticData && loopback != 0)
    }

    static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4
            && octets.allSatisfy { octet in
                !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isNumber)
                    && (Int(octet) ?? 256) <= 255
            }
    }
}

/// The records of one lookup and whether DNSSEC vouched for them.
struct DNSAnswer: Sendable, Equatable {
    var records: [DNSRecord]
    /// True only when a loopback resolver set the AD bit.
    var authenticated: Bool
}
