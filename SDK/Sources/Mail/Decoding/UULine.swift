/// The line format of uuencode, as the Unix `uuencode` program writes it and mail clients
/// read the `x-uuencode` transfer encoding.
///
/// A block starts with `begin MODE NAME`, where MODE is an octal file mode. Each data line
/// starts with a length character (`0x20` plus the number of bytes, at most 63; `` ` ``
/// stands for 0), followed by groups of four characters from `0x20` to `0x60` that carry
/// three bytes each. A line of length 0 and the line `end` close the block.
enum UULine {
    /// The result of decoding one data line.
    enum Decoded {
        /// A line of length 0, which comes before `end`.
        case empty
        /// The line's bytes were appended; `isValid` is false when a character was outside
        /// `0x20`–`0x60`, which is decoded all the same by its low six bits.
        case data(isValid: Bool)
    }

    private static let beginPrefix = Array("begin ".utf8)
    private static let endWord = Array("end".utf8)

    /// Returns the file name of a `begin MODE NAME` line (empty when the name is missing),
    /// or nil when `line` is not one.
    static func beginName(_ line: ArraySlice<UInt8>) -> String? {
        guard line.starts(with: beginPrefix) else { return nil }
        var index = line.startIndex + beginPrefix.count
        let modeStart = index
        while index < line.endIndex && line[index] >= 0x30 && line[index] <= 0x37 {
            index += 1
        }
        let modeLength = index - modeStart
        guard modeLength >= 1 && modeLength <= 4 else { return nil }
        guard index == line.endIndex || line[index] == ASCII.space else { return nil }
        return String(decoding: line[index...].trimmingFoldingWhitespace(), as: UTF8.self)
    }

    /// Returns true for the `end` line; trailing white space is allowed.
    static func isEnd(_ line: ArraySlice<UInt8>) -> Bool {
        line.trimmingFoldingWhitespace().elementsEqual(endWord)
    }

    /// Returns the number of bytes a data line announces.
    static func announcedCount(_ line: ArraySlice<UInt8>) -> Int {
        guard let first = line.first else { return 0 }
        return Int((first &- 0x20) & 0x3F)
    }

    /// Decodes one data line and appends its bytes to `output`. Characters missing at the
    /// end count as `0x20`, because mail transports often strip trailing spaces.
    static func decode(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) -> Decoded {
        let count = announcedCount(line)
        guard count > 0, let first = line.first else { return .empty }
        var isValid = isEncodingCharacter(first)
        var index = line.startIndex + 1
        var produced = 0
        while produced < count {
            var group: UInt32 = 0
            for offset in 0..<4 {
                let position = index + offset
                let character = position < line.endIndex ? line[position] : ASCII.space
                isValid = isValid && isEncodingCharacter(character)
                group = group << 6 | UInt32((character &- 0x20) & 0x3F)
            }
            let taken = min(3, count - produced)
            for shift in [16, 8, 0].prefix(taken) {
                output.append(UInt8(truncatingIfNeeded: group >> UInt32(shift)))
            }
            produced += taken
            index += 4
        }
        return .data(isValid: isValid)
    }

    /// Returns the number of encoding characters a line of `count` bytes needs after its
    /// length character.
    static func encodedLength(of count: Int) -> Int {
        (count + 2) / 3 * 4
    }

    static func isEncodingCharacter(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte <= 0x60
    }
}
