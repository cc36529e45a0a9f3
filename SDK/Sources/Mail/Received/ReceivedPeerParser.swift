/// Reads the client's names and address from a `from` clause and its comments.
///
/// MTAs order the words differently. Postfix, sendmail, Courier and Gmail write
/// `from HELO (REVERSE-NAME [IP])`; Exim writes `from REVERSE-NAME ([IP] helo=HELO)`;
/// qmail, Cisco AsyncOS and Yahoo write `from REVERSE-NAME (HELO name) (IP)`; Exchange
/// writes `from HELO (IP)`. The TCP-info address in a comment is what the receiving MTA
/// saw, so it wins over an address the client gave as its HELO name.
enum ReceivedPeerParser {
    static func parse(_ clause: ReceivedClause) -> ReceivedFrom {
        var from = ReceivedFrom(host: usableValue(clause.value))
        if let host = from.host, host.hasPrefix("["), let port = portAfterBracket(host[...]) {
            // An address literal with a port, `[192.0.2.1]:587`: the literal is the host.
            from.host = String(host.prefix(through: host.lastIndex(of: "]") ?? host.startIndex))
            from.port = port
        }
        var reverseNameFound = false
        for comment in clause.comments {
            if comment.lowercased().contains("unix socket") {
                from.isUnixSocket = true
            }
            if let helo = heloComment(comment) {
                from.helo = helo
                continue
            }
            readEximFields(comment, into: &from)
            if from.address == nil, let tcpInfo = tcpInfo(comment) {
                from.address = tcpInfo.address
                from.port = from.port ?? tcpInfo.port
                if let name = tcpInfo.name {
                    from.reverseName = name
                    reverseNameFound = true
                }
            }
        }
        assignNames(&from, reverseNameFound: reverseNameFound)
        if from.address == nil, let host = from.host {
            from.address = IPAddress(lenient: host)
        }
        return from
    }

    /// Returns the value when it can be a host: it contains a letter, a digit or `:`,
    /// which rules out junk such as a run of stray parentheses.
    static func usableValue(_ value: String?) -> String? {
        guard let value, value.contains(where: { $0.isLetter || $0.isNumber || $0 == ":" })
        else {
            return nil
        }
        return value
    }

    /// Returns the name of a qmail-style `(HELO name)` or `(EHLO name)` comment, or of
    /// Zimbra's `(LHLO name)` on LMTP lines.
    private static func heloComment(_ comment: String) -> String? {
        let words = ReceivedLexer.words(comment)
        guard words.count == 2, ["helo", "ehlo", "lhlo"].contains(words[0].lowercased()) else {
            return nil
        }
        return String(words[1])
    }

    /// Reads Exim's `helo=NAME` and `port=N` words.
    private static func readEximFields(_ comment: String, into from: inout ReceivedFrom) {
        for word in ReceivedLexer.words(comment) {
            let lower = word.lowercased()
            if lower.hasPrefix("helo=") {
                from.helo = String(word.dropFirst(5))
            } else if lower.hasPrefix("port="), let port = Int(word.dropFirst(5)) {
                from.port = port
            }
        }
    }

    /// Finds the TCP-info address of a comment: the first `[…]` word that contains an
    /// address, with the word before it as the reverse name; otherwise the first bare
    /// address word, as Exchange and qmail write it.
    static func tcpInfo(_ comment: String) -> (address: IPAddress, name: String?, port: Int?)? {
        let words = ReceivedLexer.words(comment).filter { !$0.lowercased().hasPrefix("helo=") }
        for (position, word) in words.enumerated() where word.hasPrefix("[") {
            guard let address = IPAddress(lenient: word) else { continue }
            let name = position > 0 ? reverseName(words[position - 1]) : nil
            return (address, name, portAfterBracket(word))
        }
        for word in words {
            if let address = IPAddress(lenient: word) { return (address, nil, nil) }
        }
        return nil
    }

    /// Cleans the word before a TCP-info address: drops sendmail's `ident@` prefix and a
    /// trailing dot. Returns nil when the word is no host name.
    private static func reverseName(_ word: Substring) -> String? {
        var name = word
        if let at = name.lastIndex(of: "@") { name = name[name.index(after: at)...] }
        while name.last == "." { name = name.dropLast() }
        guard !name.isEmpty, name.contains(where: { $0.isLetter || $0.isNumber }),
            IPAddress(lenient: name) == nil
        else {
            return nil
        }
        return String(name)
    }

    private static func portAfterBracket(_ word: Substring) -> Int? {
        guard let close = word.lastIndex(of: "]") else { return nil }
        let rest = word[word.index(after: close)...]
        guard rest.first == ":" else { return nil }
        return Int(rest.dropFirst())
    }

    /// Decides which of the host, the HELO name and the reverse name is which. When the
    /// TCP-info comment names the reverse name, the host is the HELO name (Postfix). When
    /// a HELO name is given apart, the host is the reverse name (Exim, qmail).
    private static func assignNames(_ from: inout ReceivedFrom, reverseNameFound: Bool) {
        guard let host = from.host, IPAddress(lenient: host) == nil else { return }
        if reverseNameFound {
            if from.helo == nil { from.helo = host }
        } else if from.helo != nil {
            from.reverseName = host
        } else {
            from.helo = host
        }
    }
}
