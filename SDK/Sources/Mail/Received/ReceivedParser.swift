/// Parses `Received:` header field values.
///
/// The parser reads bytes, unfolds them itself, and never fails: a damaged line gives a
/// `ReceivedHeader` with fewer fields and its `problems` filled in. Every step is linear
/// in the length of the value, without recursion or regular expressions, so it is safe on
/// hostile input.
public enum ReceivedParser {
    /// Parses the value of a Received header field.
    public static func parse(_ field: HeaderField) -> ReceivedHeader {
        parse(field.rawValue)
    }

    /// Parses a Received value as raw bytes, folding (CRLF or LF followed by white space)
    /// included. Bytes past `ReceivedLexer.maxValueLength` are ignored and reported.
    public static func parse(_ rawValue: [UInt8]) -> ReceivedHeader {
        var problems: [String] = []
        var bytes = rawValue[...]
        if bytes.count > ReceivedLexer.maxValueLength {
            problems.append(
                "value of \(rawValue.count) bytes is longer than "
                    + "\(ReceivedLexer.maxValueLength); the rest was ignored")
            bytes = bytes.prefix(ReceivedLexer.maxValueLength)
        }
        let tokens = ReceivedLexer.tokenize(ReceivedLexer.unfold(bytes))
        let parts = splitDate(tokens)
        let clauses = ReceivedClauseScanner.scan(parts.clauses)

        var header = ReceivedHeader()
        readClauses(clauses, into: &header)
        readDate(parts.date, into: &header)
        readTLS(clauses, dateTokens: parts.date, into: &header)
        header.origin = origin(of: header, clauses: clauses)
        header.problems = problems + damage(of: header)
        return header
    }

    /// Reads TLS facts from free text written the way MTAs write their TLS comments:
    /// `TLSv1.3`, `version=TLSv1.3 cipher=… bits=256`, `TLSv1.2:CIPHER:256` and the like.
    /// Returns nil when the text states no TLS. Used for the header field in which a
    /// TLS-terminating proxy passes the client's TLS facts.
    public static func parseTLSFacts(_ text: String) -> ReceivedTLS? {
        var scanner = ReceivedTLSScanner()
        scanner.readComment(ReceivedLexer.trim(text))
        return scanner.result
    }

    // MARK: - Date

    /// Splits the tokens at the last `;` outside comments. Without one, the date starts
    /// at the first word from which a complete date can be read, as in lines that lost
    /// their `;`.
    static func splitDate(_ tokens: [ReceivedToken]) -> (
        clauses: ArraySlice<ReceivedToken>, date: ArraySlice<ReceivedToken>
    ) {
        if let semicolon = tokens.lastIndex(where: { $0.kind == .semicolon }) {
            return (tokens[..<semicolon], tokens[(semicolon + 1)...])
        }
        let wordIndexes = tokens.indices.filter { tokens[$0].kind == .word }
        let words = wordIndexes.map { tokens[$0].text }
        for position in words.indices.dropFirst() {
            // A date has at most a dozen words, so each try reads a bounded window and the
            // search stays linear in the length of the value.
            let window = words[position..<min(words.count, position + maxDateWords)]
            if ReceivedDateParser.startsDate(window), ReceivedDateParser.parse(Array(window)) != nil
            {
                return (tokens[..<wordIndexes[position]], tokens[wordIndexes[position]...])
            }
        }
        return (tokens[...], [])
    }

    /// Maximum number of words read when looking for a date without its `;`.
    static let maxDateWords = 12

    private static func dateWords(_ tokens: ArraySlice<ReceivedToken>) -> [String] {
        tokens.filter { $0.kind == .word }.map(\.text)
    }

    private static func readDate(
        _ tokens: ArraySlice<ReceivedToken>, into header: inout ReceivedHeader
    ) {
        let words = dateWords(tokens)
        header.dateText = words.isEmpty ? nil : words.joined(separator: " ")
        header.date = ReceivedDateParser.parse(words)
        for token in tokens where token.kind == .comment {
            header.comments.append(ReceivedComment(clause: .date, text: token.text))
        }
    }

    // MARK: - Clauses

    private static func readClauses(_ clauses: [ReceivedClause], into header: inout ReceivedHeader)
    {
        for clause in clauses {
            for comment in clause.comments {
                header.comments.append(ReceivedComment(clause: clause.name, text: comment))
            }
            readClause(clause, into: &header)
        }
        header.protocolName = ReceivedProtocol.choose(header.withValues)
        if header.envelopeSender == nil {
            header.envelopeSender = header.comments.lazy.compactMap(eximEnvelopeSender).first
        }
    }

    private static func readClause(_ clause: ReceivedClause, into header: inout ReceivedHeader) {
        switch clause.name {
        case .from where header.from == nil:
            header.from = ReceivedPeerParser.parse(clause)
        case .by where header.by == nil:
            let address = clause.comments.lazy.compactMap { ReceivedPeerParser.tcpInfo($0) }.first
            header.by = ReceivedBy(
                host: ReceivedPeerParser.usableValue(clause.value), address: address?.address)
        case .with:
            if let value = clause.value { header.withValues.append(value) }
        case .id where header.id == nil:
            header.id = clause.value
        case .for where header.recipient == nil:
            header.recipient = clause.value
        case .via where header.via == nil:
            header.via = clause.value
        case .envelopeFrom where header.envelopeSender == nil:
            header.envelopeSender = clause.value
        default:
            break
        }
    }

    /// Returns the address of Exim's `(envelope-from <address>)` comment.
    private static func eximEnvelopeSender(_ comment: ReceivedComment) -> String? {
        let text = comment.text
        guard text.lowercased().hasPrefix("envelope-from"),
            let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close
        else {
            return nil
        }
        return String(text[text.index(after: open)..<close])
    }

    // MARK: - TLS and origin

    private static func readTLS(
        _ clauses: [ReceivedClause], dateTokens: ArraySlice<ReceivedToken>,
        into header: inout ReceivedHeader
    ) {
        var scanner = ReceivedTLSScanner()
        for value in header.withValues { scanner.readWithValue(value) }
        for clause in clauses {
            if clause.name == .tls { scanner.readTLSClause(clause.value) }
            scanner.readWords(clause.words)
        }
        for comment in header.comments { scanner.readComment(comment.text) }
        header.tls = scanner.result
        header.isAuthenticated = scanner.isAuthenticated
    }

    private static func origin(of header: ReceivedHeader, clauses: [ReceivedClause])
        -> ReceivedOrigin
    {
        let leading = clauses.first?.comments ?? []
        if clauses.count == 1, clauses[0].value == nil, clauses[0].words.isEmpty, !leading.isEmpty {
            let text = leading.joined(separator: " ")
            let lower = text.lowercased()
            if lower.contains("invoked by") || lower.contains("invoked for") {
                return .localSubmission(text)
            }
            return .marker(text)
        }
        if header.from == nil, let first = leading.first, first.lowercased().hasPrefix("from ") {
            return .localSubmission(first)
        }
        if let pickup = header.comments(after: .by).first(where: {
            $0.lowercased().contains("from userid")
        }) {
            return .localSubmission(pickup)
        }
        if let raw = header.withValues.first?.lowercased(),
            raw == "local" || raw.hasPrefix("local-")
        {
            return .localSubmission("with " + raw)
        }
        return header.from?.isUnixSocket == true ? .unixSocket : .network
    }

    private static func damage(of header: ReceivedHeader) -> [String] {
        var problems: [String] = []
        if case .marker = header.origin { return problems }
        if header.from == nil && header.by == nil { problems.append("no from or by clause") }
        if let from = header.from, from.host == nil, from.address == nil {
            problems.append("from clause without a host")
        }
        if let by = header.by, by.host == nil { problems.append("by clause without a host") }
        if header.date == nil { problems.append("no valid date") }
        return problems
    }
}
