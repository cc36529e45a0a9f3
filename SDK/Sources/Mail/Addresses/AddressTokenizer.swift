/// A lexical token of an RFC 5322 structured header.
struct AddressToken {
    enum Kind: Equatable {
        case atom
        case quotedString
        case comment
        case domainLiteral
        /// One of `< > @ , ; : .` and stray `)` or `\`.
        case special(UInt8)
    }

    var kind: Kind
    /// Token text: quotes, brackets and comment parentheses removed, quoted pairs resolved.
    var bytes: [UInt8]
    var precededBySpace: Bool
}

/// Splitting of an unfolded address header into tokens. Unterminated quoted strings,
/// comments and domain literals run to the end of the value. Comment nesting is counted,
/// not recursed, so hostile nesting costs no stack.
enum AddressTokenizer {
    static func tokenize(_ value: [UInt8]) -> [AddressToken] {
        var tokens: [AddressToken] = []
        var index = 0
        var space = false
        while index < value.count {
            let byte = value[index]
            if ASCII.isFoldingWhitespace(byte) {
                space = true
                index += 1
                continue
            }
            let (token, next) = readToken(value, at: index)
            tokens.append(
                AddressToken(kind: token.kind, bytes: token.bytes, precededBySpace: space))
            space = false
            index = next
        }
        return tokens
    }

    private static func readToken(_ value: [UInt8], at index: Int) -> (
        (kind: AddressToken.Kind, bytes: [UInt8]), Int
    ) {
        let byte = value[index]
        switch byte {
        case ASCII.quote:
            let (text, next) = QuotedText.read(value[...], from: index + 1, closing: ASCII.quote)
            return ((.quotedString, text), next)
        case ASCII.openParenthesis:
            let (text, next) = readComment(value, from: index + 1)
            return ((.comment, text), next)
        case ASCII.openBracket:
            let (text, next) = QuotedText.read(
                value[...], from: index + 1, closing: ASCII.closeBracket)
            return ((.domainLiteral, text), next)
        case ASCII.lessThan, ASCII.greaterThan, ASCII.at, ASCII.comma, ASCII.semicolon,
            ASCII.colon, ASCII.period, ASCII.closeParenthesis, ASCII.backslash, ASCII.closeBracket:
            return ((.special(byte), [byte]), index + 1)
        default:
            var end = index
            while end < value.count && isAtomByte(value[end]) { end += 1 }
            // A control byte is no atom character but must still be consumed, so it
            // becomes a token of its own.
            end = max(end, index + 1)
            return ((.atom, Array(value[index..<end])), end)
        }
    }

    /// Atom characters: anything but white space, controls and specials; 8-bit bytes
    /// count as atom characters (RFC 6532).
    static func isAtomByte(_ byte: UInt8) -> Bool {
        if byte <= 0x20 || byte == 0x7F { return false }
        switch byte {
        case ASCII.quote, ASCII.openParenthesis, ASCII.closeParenthesis, ASCII.lessThan,
            ASCII.greaterThan, ASCII.at, ASCII.comma, ASCII.semicolon, ASCII.colon,
            ASCII.period, ASCII.backslash, ASCII.openBracket, ASCII.closeBracket:
            return false
        default:
            return true
        }
    }

    private static func readComment(_ value: [UInt8], from start: Int) -> ([UInt8], Int) {
        var output: [UInt8] = []
        var depth = 1
        var index = start
        while index < value.count {
            let byte = value[index]
            if byte == ASCII.backslash && index + 1 < value.count {
                output.append(value[index + 1])
                index += 2
                continue
            }
            if byte == ASCII.openParenthesis {
                depth += 1
            } else if byte == ASCII.closeParenthesis {
                depth -= 1
                if depth == 0 { return (output, index + 1) }
            }
            output.append(byte)
            index += 1
        }
        return (output, index)
    }
}
