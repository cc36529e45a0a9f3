/// A streaming decoder of the `x-uuencode` transfer encoding, fed in pieces cut anywhere.
///
/// Lines inside `begin` … `end` blocks are decoded. Lines outside them, such as a note
/// before the block, are passed through as they are, each ended with LF. Damaged data
/// lines are decoded by the low six bits of each character and counted. Line ends may be
/// CRLF, LF or a lone CR.
struct UUDecoder {
    /// Data lines longer than this are damage, because uuencode writes at most 62
    /// characters. Lines outside blocks may be longer and are passed through in pieces.
    static let maxLineLength = 1024

    private var line: [UInt8] = []
    private var isInBlock = false
    /// True while the rest of an over-long line is skipped (in a block) or passed through.
    private var isInOverlongLine = false
    private var afterCarriageReturn = false
    private(set) var blockCount = 0
    private(set) var damagedLines = 0
    private(set) var missingEnd = false

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for byte in input {
            if byte == ASCII.lineFeed && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = byte == ASCII.carriageReturn
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                endLine(into: &output)
            } else {
                append(byte, into: &output)
            }
        }
    }

    /// Ends the input: a last line without a line break is read, and a block without `end`
    /// is noted.
    mutating func finish(into output: inout [UInt8]) {
        if !line.isEmpty || isInOverlongLine {
            endLine(into: &output)
        }
        missingEnd = isInBlock
    }

    /// The problem to report, or nil. Input without any block is undecodable.
    var problem: (ProblemKind, String)? {
        if blockCount == 0 {
            return (
                .undecodableContent,
                "x-uuencode content without a 'begin' line; the content was read as it is"
            )
        }
        var items: [String] = []
        if damagedLines > 0 { items.append("\(damagedLines) damaged lines decoded by best effort") }
        if missingEnd { items.append("no 'end' line") }
        guard !items.isEmpty else { return nil }
        return (.invalidUUEncode, "uuencode: " + items.joined(separator: ", "))
    }

    private mutating func append(_ byte: UInt8, into output: inout [UInt8]) {
        if isInOverlongLine {
            if !isInBlock { output.append(byte) }
            return
        }
        guard line.count >= UUDecoder.maxLineLength else {
            line.append(byte)
            return
        }
        isInOverlongLine = true
        if isInBlock {
            damagedLines += 1
        } else {
            output.append(contentsOf: line)
            output.append(byte)
        }
        line.removeAll(keepingCapacity: true)
    }

    private mutating func endLine(into output: inout [UInt8]) {
        defer { line.removeAll(keepingCapacity: true) }
        if isInOverlongLine {
            isInOverlongLine = false
            if !isInBlock { output.append(ASCII.lineFeed) }
            return
        }
        if isInBlock {
            readBlockLine(into: &output)
        } else if UULine.beginName(line[...]) != nil {
            isInBlock = true
            blockCount += 1
        } else {
            output.append(contentsOf: line)
            output.append(ASCII.lineFeed)
        }
    }

    private mutating func readBlockLine(into output: inout [UInt8]) {
        if UULine.isEnd(line[...]) {
            isInBlock = false
            return
        }
        if case .data(let isValid) = UULine.decode(line[...], into: &output), !isValid {
            damagedLines += 1
        }
    }
}
