/// Selection of the client's ESMTP parameters that a reinjected copy carries.
///
/// A copy keeps what the sender asked of delivery: DSN (`RET`, `ENVID` on MAIL FROM,
/// `NOTIFY`, `ORCPT` on RCPT TO), `SMTPUTF8` and `BODY`. `SIZE` and `AUTH` are dropped,
/// because a copy's size differs and the listener does not authenticate. A parameter is
/// sent only when the listener announced its extension in the EHLO reply.
enum ESMTPParameters {
    static let mailKeywords: [String: String] = [
        "RET": "DSN", "ENVID": "DSN", "SMTPUTF8": "SMTPUTF8", "BODY": "8BITMIME",
    ]
    static let recipientKeywords: [String: String] = ["NOTIFY": "DSN", "ORCPT": "DSN"]

    /// The extensions announced in an EHLO reply, upper-cased: `DSN`, `8BITMIME`, ...
    static func extensions(of reply: SMTPResponse) -> Set<String> {
        Set(
            reply.lines.dropFirst().compactMap { line in
                line.split(separator: " ").first.map { $0.uppercased() }
            })
    }

    /// Returns the parameters of `arguments` whose keyword is in `keywords` and whose
    /// extension is in `extensions`, as written by the client.
    static func forwarded(
        _ arguments: [String], keywords: [String: String], extensions: Set<String>
    ) -> [String] {
        arguments.filter { argument in
            let keyword = String(argument.prefix { $0 != "=" }).uppercased()
            guard let required = keywords[keyword] else { return false }
            return extensions.contains(required)
        }
    }
}
