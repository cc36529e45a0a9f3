/// One lexical unit of a Received value.
struct ReceivedToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A run of characters up to white space, `;` or a comment. An address literal
        /// such as `[unix socket]` is one word even when it contains a space.
        case word
        /// A comment; `text` is the inside of the outer parentheses.
        case comment
        /// `<…>`; `text` is the inside.
        case angle
        case semicolon
    }

    var kind: Kind
    var text: String
}

/// Unfolding and tokenising of Received values. Every step is one pass over the bytes
/// without recursion, so hostile values (thousands of unbalanced parentheses, 8-bit
/// bytes, megabytes of text) cost linear time and never crash.
enum ReceivedLexer {
    /// Maximum length of a value that is parsed. The rest is ignored and reported as a
    /// problem, because real Received values are well under 2 KB.
    static let maxValueLength = 16_384
    /// Maximum lengths of an address literal `[…]` and an angle address `<…>` read as one
    /// token.
    static let maxBracketLength = 256
    static let maxAngleLength = 1_024

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")

    /// Removes folding: CR, LF or CRLF followed by white space is deleted, as RFC 5322
    /// section 2.2.3 requires. A line break without white space after it, NUL and other
    /// control characters become a space.
    static func unfold(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == carriageReturn || byte == lineFeed {
                var next = index + 1
                if byte == carriageReturn && next < raw.endIndex && raw[next] == lineFeed {
                    next += 1
                }
                let continues = next < raw.endIndex && (raw[next] == space || raw[next] == tab)
                if !continues { result.append(space) }
                index = next
                continue
            }
            let isControl = (byte < 0x20 && byte != tab) || byte == 0x7F
            result.append(isControl ? space : byte)
            index += 1
        }
        return result
    }

    /// Splits unfolded bytes into tokens. A `(` without a matching `)` and a `)` without a
    /// matching `(` are ordinary word characters, so one stray parenthesis does not turn
    /// the rest of the line into a comment.
    static func tokenize(_ bytes: [UInt8]) -> [ReceivedToken] {
        let closingIndex = matchParentheses(bytes)
        var tokens: [ReceivedToken] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == space || byte == tab {
                index += 1
            } else if byte == UInt8(ascii: "("), let close = closingIndex[index] {
                tokens.append(ReceivedToken(kind: .comment, text: text(bytes[(index + 1)..<close])))
                index = close + 1
            } else if byte == UInt8(ascii: ";") {
                tokens.append(ReceivedToken(kind: .semicolon, text: ";"))
                index += 1
            } else if byte == UInt8(ascii: "<"),
                let close = find(
                    UInt8(ascii: ">"), in: bytes, from: index + 1, limit: maxAngleLength)
            {
                tokens.append(ReceivedToken(kind: .angle, text: text(bytes[(index + 1)..<close])))
                index = close + 1
            } else {
                let end = endOfWord(bytes, from: index, closingIndex: closingIndex)
                tokens.append(ReceivedToken(kind: .word, text: text(bytes[index..<end])))
                index = end
            }
        }
        return tokens
    }

    /// Returns, for each `(` that has a matching `)`, the index of that `)`. A backslash
    /// quotes the next byte, as in RFC 5322 comments.
    static func matchParentheses(_ bytes: [UInt8]) -> [Int: Int] {
        var closingIndex: [Int: Int] = [:]
        var openIndexes: [Int] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index += 1
            case UInt8(ascii: "("):
                openIndexes.append(index)
            case UInt8(ascii: ")"):
                if let open = openIndexes.popLast() { closingIndex[open] = index }
            default:
                break
            }
            index += 1
        }
        return closingIndex
    }

    /// Returns the end of the word that starts at `start`. A word that starts with `[`
    /// runs at least to the matching `]` (doubled `]]` included, as Outlook writes), so
    /// `[unix socket]` stays one word.
    private static func endOfWord(_ bytes: [UInt8], from start: Int, closingIndex: [Int: Int])
        -> Int
    {
        var index = start
        if bytes[start] == UInt8(ascii: "["),
            let close = find(UInt8(ascii: "]"), in: bytes, from: start + 1, limit: maxBracketLength)
        {
            index = close + 1
            while index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1 }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == space || byte == tab || byte == UInt8(ascii: ";") { break }
            if byte == UInt8(ascii: "("), closingIndex[index] != nil { break }
            index += 1
        }
        return max(index, start + 1)
    }

    private static func find(_ target: UInt8, in bytes: [UInt8], from start: Int, limit: Int)
        -> Int?
    {
        let end = min(bytes.count, start + limit)
        var index = start
        while index < end {
            if bytes[index] == target { return index }
            index += 1
        }
        return nil
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Splits a comment's text into words at white space and commas, the separators that
    /// MTAs use inside their TLS comments.
    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
    }

    /// Returns `text` without leading and trailing spaces and tabs.
    static func trim(_ text: some StringProtocol) -> String {
        var trimmed = Substring(text)
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        return String(trimmed)
    }
}
