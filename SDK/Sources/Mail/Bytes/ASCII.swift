/// Byte values and classification of US-ASCII, for parsers that work on `[UInt8]`.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let percent: UInt8 = 0x25
    static let apostrophe: UInt8 = 0x27
    static let openParenthesis: UInt8 = 0x28
    static let closeParenthesis: UInt8 = 0x29
    static let asterisk: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let questionMark: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let ampersand: UInt8 = 0x26

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// Space, tab, CR or LF.
    @inline(__always)
    static func isFoldingWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn || byte == lineFeed
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    /// Returns the value of a hexadecimal digit in either case, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}

extension Collection where Element == UInt8 {
    /// Returns the bytes with ASCII letters lower-cased and other bytes unchanged.
    func asciiLowercased() -> [UInt8] {
        map(ASCII.lowercased)
    }

    /// True when the bytes equal `other` with ASCII letters compared without case.
    func equalsIgnoringASCIICase(_ other: some Collection<UInt8>) -> Bool {
        count == other.count
            && zip(self, other).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Returns the slice without leading and trailing space, tab, CR and LF.
    func trimmingFoldingWhitespace() -> ArraySlice<UInt8> {
        var start = startIndex
        var end = endIndex
        while start < end && ASCII.isFoldingWhitespace(self[start]) { start += 1 }
        while end > start && ASCII.isFoldingWhitespace(self[end - 1]) { end -= 1 }
        return self[start..<end]
    }
}

extension Array where Element == UInt8 {
    /// Returns the bytes without leading and trailing space, tab, CR and LF.
    func trimmingFoldingWhitespace() -> [UInt8] {
        Array(self[...].trimmingFoldingWhitespace())
    }
}

extension String {
    /// The string with ASCII letters lower-cased; other characters unchanged.
    var asciiLowercased: String {
        String(decoding: utf8.map(ASCII.lowercased), as: UTF8.self)
    }
}
