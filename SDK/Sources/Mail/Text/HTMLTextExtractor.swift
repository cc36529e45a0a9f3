/// Conversion of HTML to the text that a reader of the rendered page gets, for scanners.
///
/// - Tags are removed without adding anything, so an identifier split by inline tags
///   (`5<b>29</b>-41`) or by comments comes out whole; block elements (`p`, `div`, `tr`,
///   `li`, headings…) and `br` become line breaks, and table cells are separated by a
///   tab, so digits in adjacent cells are not glued.
/// - Character references are decoded: named, decimal and hexadecimal, with or without
///   `;` where browsers accept that.
/// - The content of `script`, `style`, `template` and `iframe` is dropped; comments,
///   doctypes and processing instructions are removed.
/// - Image alt text, and the targets of `tel:`, `sms:`, `fax:` and `mailto:` links, are
///   kept as words, because a reader sees or uses them.
/// - Text hidden with CSS is kept: it is in the message, so it must be scanned.
///
/// Malformed markup never hides text: a `<` that does not start a tag stays text, and an
/// unterminated comment ends at the next `>`.
public enum HTMLTextExtractor {
    /// Returns the visible text of well-formed UTF-8 `html`, as UTF-8.
    public static func extract(_ html: [UInt8]) -> [UInt8] {
        var writer = HTMLTextWriter(capacity: html.count / 2)
        html.withUnsafeBufferPointer { input in
            var markup = HTMLMarkupReader(input)
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte == ASCII.lessThan {
                    index = markup.read(at: index, into: &writer)
                } else if byte == ASCII.ampersand {
                    let reference = HTMLCharacterReference.decode(input, at: index)
                    writer.appendScalar(reference.scalar)
                    index += reference.length
                } else {
                    writer.appendTextByte(byte)
                    index += 1
                }
            }
        }
        return writer.output
    }
}

/// Decoding of one HTML character reference.
enum HTMLCharacterReference {
    /// Decodes the reference that starts with `&` at `start`. An `&` that starts no known
    /// reference decodes to itself with length 1.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> (
        scalar: UInt32, length: Int
    ) {
        let literal = (UInt32(ASCII.ampersand), 1)
        guard start + 1 < input.count else { return literal }
        if input[start + 1] == 0x23 {
            return decodeNumeric(input, at: start) ?? literal
        }
        var end = start + 1
        while end < input.count && end - start <= 32
            && (ASCII.isLetter(input[end]) || ASCII.isDigit(input[end]))
        {
            end += 1
        }
        guard end > start + 1 else { return literal }
        let name = String(
            decoding: UnsafeBufferPointer(rebasing: input[(start + 1)..<end]), as: UTF8.self)
        if end < input.count && input[end] == ASCII.semicolon,
            let scalar = HTMLEntities.codePoints[name]
        {
            return (scalar, end - start + 1)
        }
        // Legacy names without `;`, longest first, as browsers read `&copy2024`.
        var prefix = name
        while !prefix.isEmpty {
            if HTMLEntities.legacyNames.contains(prefix),
                let scalar = HTMLEntities.codePoints[prefix]
            {
                return (scalar, prefix.utf8.count + 1)
            }
            prefix.removeLast()
        }
        return literal
    }

    private static func decodeNumeric(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> (
        UInt32, Int
    )? {
        var index = start + 2
        var radix: UInt32 = 10
        if index < input.count && (input[index] | 0x20) == 0x78 {
            radix = 16
            index += 1
        }
        var value: UInt32 = 0
        var digits = 0
        while index < input.count, digits < 8 {
            let byte = input[index]
            let digit: UInt32
            if radix == 16, let hex = ASCII.hexValue(byte) {
                digit = UInt32(hex)
            } else if ASCII.isDigit(byte) {
                digit = UInt32(byte - 0x30)
            } else {
                break
            }
            value = value * radix + digit
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < input.count && input[index] == ASCII.semicolon {
            index += 1
        }
        return (numericScalar(value), index - start)
    }

    /// Returns the scalar a browser displays for a numeric reference: windows-1252 for
    /// 0x80...0x9F, and U+FFFD for zero, surrogates and values beyond Unicode.
    private static func numericScalar(_ value: UInt32) -> UInt32 {
        if value == 0 || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
            return UTF8Encoding.replacementCharacter
        }
        if (0x80...0x9F).contains(value) {
            return Windows1252.codePoint(of: UInt8(value))
        }
        return value
    }
}
