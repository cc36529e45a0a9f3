/// The input alphabet of the term automaton: every byte of a text view maps to one of
/// `ByteClass.count` classes, so the transition table has that many columns instead of 256.
///
/// Letters fold to lower case, so matching ignores ASCII case. White space and punctuation
/// share one separator class, so `type-2 diabetes`, `type 2  diabetes` and `TYPE 2 DIABETES`
/// all reach the same state, and `MRN#` reads as `MRN`. Bytes of 0x80 and above share one
/// class: they are parts of UTF-8 letters and keep a word such as `Valcárcel` in one piece.
enum ByteClass {
    static let separator: UInt8 = 0
    static let firstDigit: UInt8 = 1
    static let firstLetter: UInt8 = 11
    static let nonASCII: UInt8 = 37
    static let count = 38

    /// The class of each byte value.
    static let table: [UInt8] = (0..<256).map { classOf(UInt8($0)) }

    private static func classOf(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: firstDigit + (byte - 0x30)
        case 0x41...0x5A: firstLetter + (byte - 0x41)
        case 0x61...0x7A: firstLetter + (byte - 0x61)
        case 0x80...0xFF: nonASCII
        default: separator
        }
    }

    /// Returns true for digit classes.
    @inline(__always)
    static func isDigit(_ byteClass: UInt8) -> Bool {
        byteClass &- firstDigit < 10
    }
}

/// Byte tests used by the scanners, on raw UTF-8 bytes.
enum ASCII {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte)
    }
    /// A letter of any script: ASCII letters and every byte of a multi-byte UTF-8 sequence.
    @inline(__always) static func isWordLetter(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte >= 0x80
    }
    /// A byte of the separator class: neither an ASCII letter or digit nor part of a
    /// multi-byte UTF-8 sequence.
    @inline(__always) static func isSeparator(_ byte: UInt8) -> Bool {
        byte < 0x80 && !isAlphanumeric(byte)
    }
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }
    @inline(__always) static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D
    }
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        isUpper(byte) ? byte | 0x20 : byte
    }
    @inline(__always) static func uppercased(_ byte: UInt8) -> UInt8 {
        isLower(byte) ? byte & 0xDF : byte
    }
    @inline(__always) static func digitValue(_ byte: UInt8) -> Int { Int(byte &- 0x30) }
}
