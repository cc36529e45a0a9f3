/// Fetches a domain's MTA-STS policy over HTTPS (RFC 8461 section 3.3).
///
/// The host `mta-sts.<domain>` is resolved with the plugin's resolver, so a test can point
/// it at loopback. The certificate must verify against `caFile` and name that host; the
/// reply must be 200, because RFC 8461 forbids following redirects.
struct MTASTSFetcher: Sendable {
    var resolver: DNSResolver
    var port: Int
    var caFile: String
    var timeout: Duration

    /// Looks up the TXT record and, when there is one, fetches and parses the policy.
    func fetch(domain: String) throws(MTASTSError) -> (record: MTASTSRecord, policy: MTASTSPolicy) {
        let texts: [String]
        do {
            texts = try resolver.lookup("_mta-sts." + domain, .txt).records.compactMap {
                if case .text(let text) = $0.data { text } else { nil }
            }
        } catch .noRecords {
            throw .noRecord
        } catch {
            throw .fetchFailed(error.description)
        }
        let record = try MTASTSRecord(txtRecords: texts)
        let body = try download(host: "mta-sts." + domain)
        return (record, try MTASTSPolicy(parsing: body))
    }

    private func download(host: String) throws(MTASTSError) -> String {
        do {
            let address = try AddressLookup(resolver: resolver).addresses(of: host).first ?? ""
            let connection = try TCPConnection(address: address, port: port, timeout: timeout)
            let tls = try TLSStream(over: connection, serverName: host, caFile: caFile, tlsa: [])
            guard tls.facts.certificateVerified, tls.facts.nameMatched else {
                let reason = tls.facts.verificationError ?? "certificate does not name \(host)"
                throw MTASTSError.fetchFailed("untrusted certificate at \(host): \(reason)")
            }
            let request =
                "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: \(host)\r\n"
                + "User-Agent: tlsguard\r\nConnection: close\r\n\r\n"
            try tls.write(Array(request.utf8), during: "HTTP request")
            let reply = try LineReader(stream: tls).readToEnd(
                limit: MTASTSPolicy.maxSize + 16_384, during: "HTTP reply")
            return try HTTPReply(bytes: reply).body(limit: MTASTSPolicy.maxSize)
        } catch let error as MTASTSError {
            throw error
        } catch {
            throw .fetchFailed(String(describing: error))
        }
    }
}

/// The parts of an HTTP/1.x reply the MTA-STS fetch needs.
struct HTTPReply {
    var status: Int
    var chunked: Bool
    /// The Content-Length value; nil when the header is missing.
    var contentLength: Int?
    var payload: [UInt8]

    init(bytes: [UInt8]) throws(MTASTSError) {
        guard let end = HTTPReply.find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes) else {
            throw .fetchFailed("HTTP reply without a complete header")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        let lines = head.split(separator: "\r\n")
        let statusFields = lines.first?.split(separator: " ") ?? []
        guard statusFields.count >= 2, statusFields[0].hasPrefix("http/1."),
            let status = Int(statusFields[1])
        else {
            throw .fetchFailed("invalid HTTP status line")
        }
        self.status = status
        chunked = lines.contains { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }
        contentLength = lines.first { $0.hasPrefix("content-length:") }.flatMap {
            Int($0.dropFirst("content-length:".count).trimmingSpaces())
        }
        payload = Array(bytes[(end + 4)...])
    }

    /// Returns the body as text. Throws unless the status is 200.
    func body(limit: Int) throws(MTASTSError) -> String {
        guard status == 200 else {
            throw .fetchFailed("HTTP status \(status); the policy must be served with 200")
        }
        let bytes = chunked ? try HTTPReply.dechunk(payload) : payload
        if !chunked, let contentLength, contentLength != bytes.count {
            throw .fetchFailed(
                "body of \(bytes.count) bytes where Content-Length is \(contentLength)")
        }
        guard bytes.count <= limit else { throw .fetchFailed("policy larger than \(limit) bytes") }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func dechunk(_ bytes: [UInt8]) throws(MTASTSError) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while let lineEnd = find([0x0D, 0x0A], in: bytes, from: index) {
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText.prefix { $0 != ";" }.trimmingSpaces(), radix: 16),
                lineEnd + 2 + size <= bytes.count
            else {
                throw .fetchFailed("invalid chunked encoding")
            }
            if size == 0 { return output }
            output += bytes[(lineEnd + 2)..<(lineEnd + 2 + size)]
            index = lineEnd + 2 + size + 2
        }
        throw .fetchFailed("chunked body ends early")
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
