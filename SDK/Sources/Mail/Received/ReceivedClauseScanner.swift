/// One clause of a Received line as written, before its words are interpreted.
struct ReceivedClause: Sendable, Hashable {
    var name: ReceivedClauseName
    /// The clause's value: the word or angle address after the keyword. `with` and `via`
    /// values may span several words, as in `with Microsoft SMTP Server`.
    var value: String?
    /// Words after the value that belong to no clause, such as SMTPSVC's
    /// `over TLS secured channel` after the `by` host.
    var words: [String] = []
    var comments: [String] = []
}

/// Groups the tokens before the date into clauses by their keywords. Keywords are matched
/// without regard to case, so Exim's `with esmtpsa` and a `BY` both count.
enum ReceivedClauseScanner {
    /// Maximum number of words in a multi-word `with` or `via` value.
    static let maxValueWords = 4

    static func scan(_ tokens: ArraySlice<ReceivedToken>) -> [ReceivedClause] {
        var clauses = [ReceivedClause(name: .leading)]
        var expectsValue = false
        var valueWords = 0
        for token in tokens {
            let last = clauses.count - 1
            switch token.kind {
            case .semicolon:
                expectsValue = false
            case .comment:
                clauses[last].comments.append(token.text)
                // qmail-tls writes `with (cipher encrypted) SMTP`: the value follows.
                let valueFollows = clauses[last].name == .with && clauses[last].value == nil
                expectsValue = expectsValue && valueFollows
            case .angle:
                if expectsValue && clauses[last].value == nil {
                    clauses[last].value = token.text
                } else {
                    clauses[last].words.append("<" + token.text + ">")
                }
                expectsValue = false
            case .word:
                if let name = keyword(token.text, after: clauses) {
                    clauses.append(ReceivedClause(name: name))
                    expectsValue = true
                    valueWords = 0
                } else if expectsValue {
                    append(token.text, to: &clauses[last], words: &valueWords)
                    expectsValue = continuesValue(clauses[last], words: valueWords)
                } else {
                    clauses[last].words.append(token.text)
                }
            }
        }
        return clauses
    }

    /// Returns the clause that `word` starts, or nil when it is no keyword here. `tls` is
    /// a keyword only after `with`, where RFC 8314 puts it.
    static func keyword(_ word: String, after clauses: [ReceivedClause]) -> ReceivedClauseName? {
        switch word.lowercased() {
        case "from": return .from
        case "by": return .by
        case "via": return .via
        case "with": return .with
        case "id": return .id
        case "for": return .for
        case "envelope-from": return .envelopeFrom
        case "tls": return clauses.contains(where: { $0.name == .with }) ? .tls : nil
        default: return nil
        }
    }

    private static func append(_ word: String, to clause: inout ReceivedClause, words: inout Int) {
        if let value = clause.value {
            clause.value = value + " " + word
        } else {
            clause.value = word
        }
        words += 1
    }

    /// Returns true when the next word still belongs to the value: only for `with` and
    /// `via` values that are not a single protocol keyword.
    private static func continuesValue(_ clause: ReceivedClause, words: Int) -> Bool {
        guard clause.name == .with || clause.name == .via, words < maxValueWords,
            let value = clause.value
        else {
            return false
        }
        if clause.name == .with {
            return !ReceivedProtocol.isKeyword(value) && !value.contains("/")
        }
        return true
    }
}
