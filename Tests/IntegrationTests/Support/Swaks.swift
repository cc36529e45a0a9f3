import Foundation

/// swaks, the SMTP test client, run against a local test MTA. Its transcript shows the
/// replies as an administrator would see them on the command line.
enum Swaks {
    static let path = "/usr/bin/swaks"

    /// True when swaks is installed; its `--tls` option also needs Net::SSLeay.
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }

    /// How the client offers TLS.
    struct TLS {
        /// A swaks protocol list such as `tlsv1_2`; nil lets OpenSSL choose.
        var protocols: String?
        /// PEM files of a client certificate and its key to present, or nil for none.
        var certificate: (certificate: String, key: String)?
    }

    /// Runs one SMTP session: EHLO `client.example`, then STARTTLS when `tls` is given,
    /// MAIL, one RCPT per recipient, and DATA with `message` when a recipient was accepted.
    static func send(
        port: Int, from sender: String = "bob@example.com", to recipients: [String],
        tls: TLS? = nil, message: [UInt8]? = nil
    ) throws -> SwaksTranscript {
        var arguments = [
            "--server", "127.0.0.1:\(port)", "--helo", "client.example", "--from", sender,
            "--to", recipients.joined(separator: ","), "--timeout", "60",
        ]
        if let tls {
            arguments.append("--tls")
            if let protocols = tls.protocols { arguments += ["--tls-protocol", protocols] }
            if let certificate = tls.certificate {
                arguments += ["--tls-cert", certificate.certificate, "--tls-key", certificate.key]
            }
        }
        var messagePath: String?
        if let message {
            let path = NSTemporaryDirectory() + "tlsguard-swaks-\(UUID().uuidString).eml"
            try Data(message).write(to: URL(fileURLWithPath: path))
            messagePath = path
            arguments += ["--data", "@" + path]
        }
        defer {
            if let messagePath { try? FileManager.default.removeItem(atPath: messagePath) }
        }

        let result = try runCommand(path, arguments)
        return SwaksTranscript(status: result.status, text: result.output)
    }
}

/// The output of one swaks session and its exit status: 0 when the message was accepted,
/// 24 when no recipient was, 29 when TLS failed (swaks(1) lists the others).
struct SwaksTranscript: CustomStringConvertible {
    let status: Int32
    let text: String

    var description: String { "swaks exit status \(status):\n\(text)" }

    /// Returns the server's final reply line to the first client line `command`, such as
    /// `RCPT TO:<carol@example.org>`, without swaks's direction marker: for example
    /// `530 5.7.0 Must issue a STARTTLS command first`. Nil when the command was not sent.
    func reply(to command: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        guard let sent = lines.firstIndex(where: { Self.clientText($0) == command }) else {
            return nil
        }
        var last: String?
        for line in lines[(sent + 1)...] {
            guard let reply = Self.serverText(line) else { break }
            last = reply
        }
        return last
    }

    /// The server replies that swaks marked as unexpected, in order.
    var errorReplies: [String] {
        text.components(separatedBy: "\n").filter { $0.hasPrefix("<**") || $0.hasPrefix("<~*") }
            .compactMap(Self.serverText)
    }

    /// The protocol, cipher and bits of the negotiated TLS session as swaks prints them,
    /// for example `TLSv1.3:TLS_AES_256_GCM_SHA384:256`; nil without TLS.
    var tlsSession: (version: String, cipher: String, bits: String)? {
        let marker = "=== TLS started with cipher "
        guard let line = text.components(separatedBy: "\n").first(where: { $0.hasPrefix(marker) })
        else { return nil }
        let parts = line.dropFirst(marker.count).split(separator: ":").map(String.init)
        guard parts.count == 3 else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// Returns the text of a client line, which starts with ` -> ` before STARTTLS and
    /// with ` ~> ` after it.
    private static func clientText(_ line: String) -> String? {
        guard line.hasPrefix(" -> ") || line.hasPrefix(" ~> ") else { return nil }
        return String(line.dropFirst(4)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Returns the text of a server line, which starts with `<-  ` or `<~  ` for expected
    /// replies and with `<** ` or `<~* ` for unexpected ones.
    private static func serverText(_ line: String) -> String? {
        let markers = ["<-  ", "<~  ", "<** ", "<~* "]
        guard markers.contains(where: { line.hasPrefix($0) }) else { return nil }
        return String(line.dropFirst(4)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
