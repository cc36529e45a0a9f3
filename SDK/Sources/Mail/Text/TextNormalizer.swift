/// The normalisation every text view gets before scanners read it.
///
/// - CRLF, lone CR, vertical tab, form feed, NEL, U+2028 and U+2029 become LF.
/// - Other control characters are removed (tab and LF stay). So are invisible format
///   characters such as zero-width spaces and joiners, soft hyphens, bidirectional
///   controls, variation selectors and the byte order mark, because they can hide inside
///   a number without changing how it looks.
/// - Unicode spaces (no-break, en, em, thin, ideographic…) become an ASCII space.
/// - Unicode hyphens, dashes and the minus sign become `-`.
/// - Full-width ASCII forms (U+FF01…U+FF5E) become ASCII, as NFKC would map them.
public enum TextNormalizer {
    /// Normalises well-formed UTF-8 text.
    public static func normalize(_ utf8: [UInt8]) -> [UInt8] {
        utf8.withUnsafeBufferPointer { input in
            var output: [UInt8] = []
            output.reserveCapacity(input.count)
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte >= 0x20 && byte < 0x7F {
                    output.append(byte)
                    index += 1
                    continue
                }
                if byte < 0x80 {
                    index = appendControl(input, at: index, to: &output)
                    continue
                }
                let (scalar, length) = decodeScalar(input, at: index)
                appendScalar(scalar, to: &output)
                index += length
            }
            return output
        }
    }

    private static func appendControl(
        _ input: UnsafeBufferPointer<UInt8>, at index: Int, to output: inout [UInt8]
    ) -> Int {
        switch input[index] {
        case ASCII.tab, ASCII.lineFeed:
            output.append(input[index])
        case ASCII.carriageReturn:
            output.append(ASCII.lineFeed)
            if index + 1 < input.count && input[index + 1] == ASCII.lineFeed {
                return index + 2
            }
        case 0x0B, 0x0C:
            output.append(ASCII.lineFeed)
        default:
            break
        }
        return index + 1
    }

    private static func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
        if isInvisible(scalar) || (0x80...0x9F).contains(scalar) && scalar != 0x85 {
            return
        }
        switch scalar {
        case 0x85, 0x2028, 0x2029:
            output.append(ASCII.lineFeed)
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            output.append(ASCII.space)
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
            output.append(ASCII.hyphen)
        case 0xFF01...0xFF5E:
            output.append(UInt8(scalar - 0xFEE0))
        default:
            UTF8Encoding.append(scalar, to: &output)
        }
    }

    /// Default-ignorable code points that render as nothing.
    static func isInvisible(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xAD, 0x34F, 0x61C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F,
            0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0x3164, 0xFE00...0xFE0F,
            0xFEFF, 0xFFA0, 0xFFF0...0xFFF8, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A,
            0xE0000...0xE0FFF:
            true
        default:
            false
        }
    }

    /// Decodes the scalar at `index` of well-formed UTF-8; a malformed byte counts as
    /// U+FFFD of length 1.
    static func decodeScalar(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> (
        UInt32, Int
    ) {
        let length = UTF8Repair.sequenceLength(input, at: index)
        let lead = UInt32(input[index])
        switch length {
        case 2:
            return ((lead & 0x1F) << 6 | UInt32(input[index + 1] & 0x3F), 2)
        case 3:
            return (
                (lead & 0x0F) << 12 | UInt32(input[index + 1] & 0x3F) << 6
                    | UInt32(input[index + 2] & 0x3F), 3
            )
        case 4:
            return (
                (lead & 0x07) << 18 | UInt32(input[index + 1] & 0x3F) << 12
                    | UInt32(input[index + 2] & 0x3F) << 6 | UInt32(input[index + 3] & 0x3F), 4
            )
        default:
            return (UTF8Encoding.replacementCharacter, 1)
        }
    }
}
