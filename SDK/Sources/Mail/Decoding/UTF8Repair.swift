/// UTF-8 validation and repair without Foundation.
public enum UTF8Repair {
    /// Returns true when `bytes` are well-formed UTF-8 (no overlong forms, no surrogates).
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length == 0 { return false }
            index += length
        }
        return true
    }

    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    /// True when the bytes are 7-bit US-ASCII.
    public static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var combined: UInt8 = 0
            for byte in buffer { combined |= byte }
            return combined < 0x80
        }
    }

    /// Copies valid UTF-8 sequences and reads every byte that is not part of one as
    /// windows-1252, the most common charset of unlabelled 8-bit mail. Returns the UTF-8
    /// result and the number of bytes that were read as windows-1252.
    public static func repair(_ bytes: [UInt8]) -> (utf8: [UInt8], repairedBytes: Int) {
        bytes.withUnsafeBufferPointer { input in
            var output: [UInt8] = []
            output.reserveCapacity(input.count + input.count / 8)
            var repaired = 0
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte < 0x80 {
                    output.append(byte)
                    index += 1
                    continue
                }
                let length = sequenceLength(input, at: index)
                if length > 0 {
                    output.append(
                        contentsOf: UnsafeBufferPointer(rebasing: input[index..<index + length]))
                    index += length
                } else {
                    Windows1252.appendUTF8(of: byte, to: &output)
                    repaired += 1
                    index += 1
                }
            }
            return (output, repaired)
        }
    }

    /// Returns the length of the well-formed sequence starting at `index`, or 0 when there
    /// is none.
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let remaining = bytes.count - index
        func isContinuation(_ offset: Int) -> Bool {
            bytes[index + offset] & 0xC0 == 0x80
        }
        switch lead {
        case 0xC2...0xDF:
            return remaining >= 2 && isContinuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard remaining >= 3, isContinuation(1), isContinuation(2) else { return 0 }
            let second = bytes[index + 1]
            if lead == 0xE0 && second < 0xA0 { return 0 }
            if lead == 0xED && second >= 0xA0 { return 0 }
            return 3
        case 0xF0...0xF4:
            guard remaining >= 4, isContinuation(1), isContinuation(2), isContinuation(3) else {
                return 0
            }
            let second = bytes[index + 1]
            if lead == 0xF0 && second < 0x90 { return 0 }
            if lead == 0xF4 && second >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }
}

/// The windows-1252 charset, decoded in Swift so best-effort decoding needs no iconv.
enum Windows1252 {
    /// Code points of bytes 0x80...0x9F; the bytes 0xA0...0xFF equal ISO-8859-1.
    private static let highControls: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160,
        0x2039, 0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
    ]

    static func codePoint(of byte: UInt8) -> UInt32 {
        (0x80...0x9F).contains(byte) ? highControls[Int(byte - 0x80)] : UInt32(byte)
    }

    static func appendUTF8(of byte: UInt8, to output: inout [UInt8]) {
        UTF8Encoding.append(codePoint(of: byte), to: &output)
    }

    /// Decodes windows-1252 bytes to UTF-8.
    static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                appendUTF8(of: byte, to: &output)
            }
        }
        return output
    }
}

/// Encoding of Unicode scalar values as UTF-8 bytes.
enum UTF8Encoding {
    static let replacementCharacter: UInt32 = 0xFFFD

    static func append(_ codePoint: UInt32, to output: inout [UInt8]) {
        var value = codePoint
        if value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
            value = replacementCharacter
        }
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
