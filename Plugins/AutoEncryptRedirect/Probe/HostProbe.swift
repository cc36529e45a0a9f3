/// The result of the STARTTLS probe of one MX host.
struct HostProbe: Sendable, Hashable {
    var hostname: String
    var address: String
    var port: Int
    /// True when the server listed STARTTLS in its EHLO reply.
    var starttlsOffered: Bool
    /// The handshake's facts; nil when STARTTLS was not offered or the handshake failed.
    var tls: TLSSessionFacts?
    /// Usable TLSA records used for the handshake, and whether DNSSEC vouched for them.
    var tlsaRecords: [TLSARecord]
    /// The reason the probe stopped early; nil when it completed.
    var error: String?

    /// True when the server was reached and spoke SMTP, so that the result describes its
    /// TLS rather than the network.
    var reachedServer: Bool {
        starttlsOffered || tls != nil || error == nil
    }
}

/// The STARTTLS probe of one host: connect, banner, EHLO, STARTTLS, handshake, EHLO, QUIT.
struct STARTTLSProbe: Sendable {
    var heloName: String
    var timeout: Duration
    var caFile: String

    /// Probes `address` at `port`, checking the certificate against `hostname`.
    func probe(hostname: String, address: String, port: Int, tlsa: [TLSARecord]) -> HostProbe {
        var result = HostProbe(
            hostname: hostname, address: address, port: port, starttlsOffered: false,
            tls: nil, tlsaRecords: tlsa, error: nil)
        do {
            let connection = try TCPConnection(address: address, port: port, timeout: timeout)
            let client = SMTPClient(stream: connection)
            try run(client, connection: connection, hostname: hostname, result: &result)
            client.quit()
        } catch {
            result.error = error.description
        }
        return result
    }

    private func run(
        _ client: SMTPClient, connection: TCPConnection, hostname: String,
        result: inout HostProbe
    ) throws(NetworkError) {
        let banner = try client.response(during: "banner")
        guard banner.code == 220 else {
            throw .unexpectedReply(
                host: connection.peerName, command: "banner", reply: banner.summary)
        }
        let ehlo = try client.send("EHLO " + heloName, expecting: 250...250)
        result.starttlsOffered = ehlo.ehloKeywords.contains("STARTTLS")
        guard result.starttlsOffered else { return }

        try client.send("STARTTLS", expecting: 220...220)
        var facts: TLSSessionFacts?
        try client.upgrade { (stream: any ByteStream) throws(NetworkError) -> any ByteStream in
            let tls = try TLSStream(
                over: connection, serverName: hostname, caFile: caFile,
                tlsa: result.tlsaRecords)
            facts = tls.facts
            return tls
        }
        result.tls = facts
        try client.send("EHLO " + heloName, expecting: 250...250)
    }
}
