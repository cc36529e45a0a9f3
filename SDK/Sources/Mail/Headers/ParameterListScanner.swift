/// Tolerant scanning of `; name=value` lists into raw parameters.
///
/// Accepts what mailers write besides RFC 2045: white space around `=`, comments, a
/// missing `;` between parameters, and unterminated quoted strings, which run to the end.
/// Unquoted values with spaces or parentheses run to the next `;`, or to white space
/// followed by another `name=`.
enum ParameterListScanner {
    static func scan(_ value: ArraySlice<UInt8>) -> [RawParameter] {
        var parameters: [RawParameter] = []
        var index = value.startIndex
        let end = value.endIndex
        while index < end {
            index = skipSeparators(value, from: index)
            guard index < end else { break }
            let nameStart = index
            while index < end && isNameByte(value[index]) {
                index += 1
            }
            let name = value[nameStart..<index]
            index = skipWhitespaceAndComments(value, from: index)
            guard !name.isEmpty, index < end, value[index] == ASCII.equals else {
                // Not a parameter: skip to the next `;`.
                index = value[index...].firstIndex(of: ASCII.semicolon) ?? end
                if index == nameStart { index += 1 }
                continue
            }
            index = skipWhitespace(value, from: index + 1)
            let parsed = readValue(value, from: index)
            parameters.append(RawParameter(name: name, value: parsed.value))
            index = parsed.next
        }
        return parameters
    }

    private static func readValue(_ value: ArraySlice<UInt8>, from start: Int) -> (
        value: [UInt8], next: Int
    ) {
        let end = value.endIndex
        guard start < end else { return ([], end) }
        if value[start] == ASCII.quote {
            let quoted = QuotedText.read(value, from: start + 1, closing: ASCII.quote)
            return (quoted.text, quoted.next)
        }
        let semicolon = value[start...].firstIndex(of: ASCII.semicolon) ?? end
        var stop = semicolon
        if let nextName = nextParameterStart(value, in: start..<semicolon) {
            stop = nextName
        }
        var token = value[start..<stop].trimmingFoldingWhitespace()
        token = dropTrailingComment(token)
        return (Array(token), stop)
    }

    /// Finds white space followed by `token=` inside an unquoted value, the sign of a
    /// missing `;`.
    private static func nextParameterStart(_ value: ArraySlice<UInt8>, in range: Range<Int>)
        -> Int?
    {
        var index = range.lowerBound
        while index < range.upperBound {
            if ASCII.isWhitespace(value[index]) {
                var nameEnd = index + 1
                while nameEnd < range.upperBound && ASCII.isWhitespace(value[nameEnd]) {
                    nameEnd += 1
                }
                let nameStart = nameEnd
                while nameEnd < range.upperBound && isNameByte(value[nameEnd]) {
                    nameEnd += 1
                }
                if nameEnd > nameStart && nameEnd < range.upperBound
                    && value[nameEnd] == ASCII.equals
                {
                    return index
                }
                index = nameEnd > index + 1 ? nameEnd : index + 1
                continue
            }
            index += 1
        }
        return nil
    }

    private static func dropTrailingComment(_ token: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard token.last == ASCII.closeParenthesis,
            let open = token.lastIndex(of: ASCII.openParenthesis), open > token.startIndex,
            ASCII.isWhitespace(token[open - 1])
        else { return token }
        return token[token.startIndex..<open].trimmingFoldingWhitespace()
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != ASCII.equals && byte != ASCII.semicolon
            && byte != ASCII.quote && byte != ASCII.openParenthesis
            && byte != ASCII.closeParenthesis && byte != ASCII.comma
    }

    private static func skipSeparators(_ value: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = skipWhitespaceAndComments(value, from: start)
        while index < value.endIndex
            && (value[index] == ASCII.semicolon || value[index] == ASCII.comma)
        {
            index = skipWhitespaceAndComments(value, from: index + 1)
        }
        return index
    }

    static func skipWhitespace(_ value: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while index < value.endIndex && ASCII.isFoldingWhitespace(value[index]) {
            index += 1
        }
        return index
    }

    /// Skips white space and RFC 5322 comments, nested or unterminated.
    static func skipWhitespaceAndComments(_ value: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = skipWhitespace(value, from: start)
        while index < value.endIndex && value[index] == ASCII.openParenthesis {
            var depth = 0
            while index < value.endIndex {
                let byte = value[index]
                if byte == ASCII.backslash {
                    index += 2
                    continue
                }
                if byte == ASCII.openParenthesis { depth += 1 }
                if byte == ASCII.closeParenthesis { depth -= 1 }
                index += 1
                if depth == 0 { break }
            }
            index = skipWhitespace(value, from: min(index, value.endIndex))
        }
        return min(index, value.endIndex)
    }
}
