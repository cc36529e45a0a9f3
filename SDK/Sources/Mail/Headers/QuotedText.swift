/// Reading of the quoted forms of structured header fields (RFC 5322 section 3.2).
enum QuotedText {
    /// Reads from `start` up to an unescaped `closing` byte, resolving quoted pairs
    /// (`\x` is `x`). Returns the text and the index after `closing`, or the end of `value`
    /// when it never comes.
    static func read(_ value: ArraySlice<UInt8>, from start: Int, closing: UInt8) -> (
        text: [UInt8], next: Int
    ) {
        var output: [UInt8] = []
        var index = start
        while index < value.endIndex {
            let byte = value[index]
            if byte == ASCII.backslash && index + 1 < value.endIndex {
                output.append(value[index + 1])
                index += 2
                continue
            }
            if byte == closing {
                return (output, index + 1)
            }
            output.append(byte)
            index += 1
        }
        return (output, index)
    }

    /// Decodes `escape` followed by two hex digits to the byte, as in `=3D` and `%3D`; an
    /// escape without two hex digits is kept. With `underscoreIsSpace`, `_` is a space, as
    /// in RFC 2047 Q encoding.
    static func decodeHexEscapes(
        _ text: ArraySlice<UInt8>, escape: UInt8, underscoreIsSpace: Bool = false
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == escape, index + 2 < text.endIndex,
                let high = ASCII.hexValue(text[index + 1]),
                let low = ASCII.hexValue(text[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(underscoreIsSpace && byte == ASCII.underscore ? ASCII.space : byte)
            index += 1
        }
        return output
    }
}
