import PluginAPI

/// Hands a message copy to the Postfix reinjection listener over SMTP and returns only
/// when the listener accepted it with 250 after the final dot.
///
/// Every recipient must be accepted. If the listener refuses any of them, the copy is
/// not sent at all (RSET), because the engine removes the whole group from the original
/// once the copy was accepted, and a refused recipient would otherwise lose the message.
struct ReinjectionClient: Sendable {
    var host: String
    var port: Int
    var heloName: String
    var timeout: Duration

    /// Parses `HOST:PORT` or `[IPv6]:PORT`; HOST must be an IP address.
    init(address: String, heloName: String, timeout: Duration) throws(ReinjectionError) {
        var text = Substring(address)
        var host: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidAddress(address) }
            host = text[text.index(after: text.startIndex)..<close]
            text = text[text.index(after: close)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .invalidAddress(address) }
            host = text[..<colon]
            text = text[colon...]
        }
        guard text.hasPrefix(":"), let port = Int(text.dropFirst()), (1...65535).contains(port),
            !host.isEmpty
        else {
            throw .invalidAddress(address)
        }
        self.host = String(host)
        self.port = port
        self.heloName = heloName
        self.timeout = timeout
    }

    /// Sends `message` (complete, CRLF line ends) from `sender` to `recipients`, with the
    /// ESMTP parameters that `ESMTPParameters` lets through.
    func send(_ message: [UInt8], sender: EnvelopeAddress, recipients: [EnvelopeAddress])
        throws(ReinjectionError)
    {
        do {
            let connection = try TCPConnection(address: host, port: port, timeout: timeout)
            let client = SMTPClient(stream: connection)
            try transact(client, message: message, sender: sender, recipients: recipients)
            client.quit()
        } catch {
            throw .notAccepted(host: "[\(host)]:\(port)", reason: error.description)
        }
    }

    /// Sends `message` between plain addresses, without ESMTP parameters.
    func send(_ message: [UInt8], sender: String, recipients: [String])
        throws(ReinjectionError)
    {
        try send(
            message, sender: EnvelopeAddress(raw: "<\(sender)>"),
            recipients: recipients.map { EnvelopeAddress(raw: "<\($0)>") })
    }

    private func transact(
        _ client: SMTPClient, message: [UInt8], sender: EnvelopeAddress,
        recipients: [EnvelopeAddress]
    ) throws(NetworkError) {
        let banner = try client.response(during: "banner")
        guard banner.code == 220 else {
            throw .unexpectedReply(
                host: client.stream.peerName, command: "banner", reply: banner.summary)
        }
        let ehlo = try client.send("EHLO " + heloName, expecting: 250...250)
        let extensions = ESMTPParameters.extensions(of: ehlo)

        let mailParameters = ESMTPParameters.forwarded(
            sender.esmtpArguments, keywords: ESMTPParameters.mailKeywords,
            extensions: extensions)
        try client.send(
            (["MAIL FROM:<\(sender.address)>"] + mailParameters).joined(separator: " "),
            expecting: 250...259)
        for recipient in recipients {
            let parameters = ESMTPParameters.forwarded(
                recipient.esmtpArguments, keywords: ESMTPParameters.recipientKeywords,
                extensions: extensions)
            let command = (["RCPT TO:<\(recipient.address)>"] + parameters)
                .joined(separator: " ")
            let reply = try client.send(command, during: "RCPT")
            guard (250...259).contains(reply.code) else {
                _ = try? client.send("RSET", during: "RSET")
                throw .unexpectedReply(
                    host: client.stream.peerName, command: command, reply: reply.summary)
            }
        }
        try client.send("DATA", expecting: 354...354)
        try client.write(ReinjectionClient.dotStuffed(message), during: "DATA")
        try client.send(".", expecting: 250...250)
    }

    /// Returns the message with a dot doubled at the start of every line and a final CRLF
    /// (RFC 5321 section 4.5.2). The terminating dot line is sent separately.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == 0x2E { output.append(0x2E) }
            output.append(byte)
            atLineStart = byte == 0x0A
        }
        if output.count < 2 || output.suffix(2) != [0x0D, 0x0A] {
            output += [0x0D, 0x0A]
        }
        return output
    }
}

/// A copy that the reinjection listener did not take.
enum ReinjectionError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidAddress(String)
    case notAccepted(host: String, reason: String)

    var description: String {
        switch self {
        case .invalidAddress(let text):
            "invalid auto_encrypt_reinject_address '\(text)'; use IP:PORT such as "
                + "127.0.0.1:10026, or [::1]:10026"
        case .notAccepted(let host, let reason):
            "reinjection listener \(host) did not accept the copy: \(reason)"
        }
    }
}
