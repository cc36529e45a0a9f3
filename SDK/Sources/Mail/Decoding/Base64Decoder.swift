/// Damage that a base64 decoder met and skipped over.
public struct Base64Damage: Sendable, Hashable {
    /// Bytes outside the base64 alphabet other than white space, such as `!` or `-`.
    public var invalidCharacters = 0
    /// `=` padding followed by more data; decoding went on after it.
    public var paddingInsideData = 0
    /// Groups cut short by padding or by the end of input after only one character, whose
    /// six bits cannot make a byte.
    public var droppedCharacters = 0
    /// The input ended in the middle of a 4-character group without `=` padding. The bytes
    /// of that group were still decoded.
    public var missingPadding = false

    public init() {}

    /// True when nothing but missing padding was found, which loses no data.
    public var isHarmless: Bool {
        invalidCharacters == 0 && paddingInsideData == 0 && droppedCharacters == 0
    }

    /// A one-line account for a `ParseProblem`, such as
    /// `3 invalid characters skipped, padding inside data 1 time`.
    public var summary: String {
        var items: [String] = []
        if invalidCharacters > 0 { items.append("\(invalidCharacters) invalid characters skipped") }
        if paddingInsideData > 0 { items.append("padding inside data \(paddingInsideData) times") }
        if droppedCharacters > 0 {
            items.append("\(droppedCharacters) characters of incomplete groups dropped")
        }
        if missingPadding { items.append("final group without padding") }
        return items.isEmpty ? "no damage" : items.joined(separator: ", ")
    }
}

/// A streaming base64 decoder (RFC 2045 section 6.8) that decodes everything decodable.
///
/// White space and line breaks of any length are skipped. Characters outside the alphabet
/// are skipped and counted. `=` ends the current 4-character group, and decoding goes on
/// with the data after it instead of stopping there, as decoders that stop at the first
/// padding lose the rest of the part. A group cut short keeps the bytes it completes.
/// Input may be fed in chunks cut anywhere.
public struct Base64Decoder: Sendable {
    private var quantum: UInt32 = 0
    private var quantumLength = 0
    private var sawPadding = false
    public private(set) var damage = Base64Damage()

    public init() {}

    /// Decodes `input` and appends the bytes to `output`.
    public mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let start = output.count
        // Every 4 input characters give at most 3 bytes, plus a group left from before.
        output.append(contentsOf: repeatElement(0, count: input.count / 4 * 3 + 6))
        let end = output.withUnsafeMutableBufferPointer { buffer in
            Base64Alphabet.values.withUnsafeBufferPointer { table in
                decodeGroups(input, table: table, into: buffer, at: start)
            }
        }
        output.removeLast(output.count - end)
    }

    /// Decodes into `buffer` from index `start` and returns the index after the last byte.
    private mutating func decodeGroups(
        _ input: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var position = start
        for byte in input {
            let value = table[Int(byte)]
            if value < 64 {
                if sawPadding {
                    damage.paddingInsideData += 1
                    sawPadding = false
                }
                quantum = quantum << 6 | UInt32(value)
                quantumLength += 1
                if quantumLength == 4 {
                    buffer[position] = UInt8(truncatingIfNeeded: quantum >> 16)
                    buffer[position + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                    buffer[position + 2] = UInt8(truncatingIfNeeded: quantum)
                    position += 3
                    quantum = 0
                    quantumLength = 0
                }
            } else if value == Base64Alphabet.padding {
                position += flushPartialGroup(into: buffer, at: position)
                sawPadding = true
            } else if value == Base64Alphabet.invalid {
                damage.invalidCharacters += 1
            }
        }
        return position
    }

    /// Decodes `input` and appends the bytes to `output`.
    public mutating func decode(_ input: [UInt8], into output: inout [UInt8]) {
        input.withUnsafeBufferPointer { decode($0, into: &output) }
    }

    /// Decodes a group left open at the end of input. Call it once, after the last chunk.
    public mutating func finish(into output: inout [UInt8]) {
        if quantumLength > 0 {
            damage.missingPadding = true
            flushPartialGroup(into: &output)
        }
    }

    /// Decodes a whole base64 text at once.
    public static func decode(_ input: [UInt8]) -> (bytes: [UInt8], damage: Base64Damage) {
        var decoder = Base64Decoder()
        var output: [UInt8] = []
        decoder.decode(input, into: &output)
        decoder.finish(into: &output)
        return (output, decoder.damage)
    }

    private mutating func flushPartialGroup(into output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: [0, 0])
        let count = output.withUnsafeMutableBufferPointer { buffer in
            flushPartialGroup(into: buffer, at: start)
        }
        output.removeLast(2 - count)
    }

    /// Writes the bytes of a group cut short at `position` and returns how many.
    private mutating func flushPartialGroup(
        into buffer: UnsafeMutableBufferPointer<UInt8>, at position: Int
    ) -> Int {
        var count = 0
        switch quantumLength {
        case 2:
            buffer[position] = UInt8(truncatingIfNeeded: quantum >> 4)
            count = 1
        case 3:
            buffer[position] = UInt8(truncatingIfNeeded: quantum >> 10)
            buffer[position + 1] = UInt8(truncatingIfNeeded: quantum >> 2)
            count = 2
        case 1:
            damage.droppedCharacters += 1
        default:
            break
        }
        quantum = 0
        quantumLength = 0
        return count
    }
}

/// The base64 alphabet as a lookup table from byte to 6-bit value.
enum Base64Alphabet {
    static let padding: UInt8 = 0xFE
    static let whitespace: UInt8 = 0xFD
    static let invalid: UInt8 = 0xFF

    static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in letters.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[Int(ASCII.equals)] = padding
        for byte in [ASCII.space, ASCII.tab, ASCII.carriageReturn, ASCII.lineFeed, 0x0B, 0x0C] {
            table[Int(byte)] = whitespace
        }
        return table
    }()
}
