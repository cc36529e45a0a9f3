/// Uuencoded files inside plain text, as older mail clients and Usenet posts attached them:
/// a `begin MODE NAME` line in the body followed by the encoded lines and `end`.
enum UUEncodedFiles {
    /// One decoded file.
    struct File {
        /// The name after `begin MODE`, or empty when the line gives none.
        var name: String
        var bytes: [UInt8]
    }

    private static let beginPrefix = Array("begin ".utf8)

    /// Returns every complete, well-formed file in `text`: a `begin MODE NAME` line, data
    /// lines whose characters are all from `0x20` to `0x60` and whose length fits the count
    /// they announce, optionally a line of length 0, and `end`. A block with any other line
    /// is left alone, so prose that happens to start a line with "begin " is never decoded.
    static func find(in text: [UInt8]) -> [File] {
        guard mayContainFile(text) else { return [] }
        var files: [File] = []
        var position = 0
        while let (line, next) = nextLine(in: text, from: position) {
            position = next
            guard let name = UULine.beginName(text[line]),
                let (bytes, end) = readBlock(in: text, from: next)
            else { continue }
            files.append(File(name: name, bytes: bytes))
            position = end
        }
        return files
    }

    /// Returns true when a line of `text` starts with "begin ": the cheap test that spares
    /// ordinary text the line-by-line reading.
    static func mayContainFile(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { buffer in
            var index = 0
            while index + beginPrefix.count <= buffer.count {
                let atLineStart =
                    index == 0 || buffer[index - 1] == ASCII.lineFeed
                    || buffer[index - 1] == ASCII.carriageReturn
                if atLineStart && buffer[index] == beginPrefix[0]
                    && UnsafeBufferPointer(rebasing: buffer[index..<index + beginPrefix.count])
                        .elementsEqual(beginPrefix)
                {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// Decodes the data lines that start at `start` up to `end`. Returns the bytes and the
    /// offset after the `end` line, or nil when a line does not belong to a block.
    private static func readBlock(in text: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var output: [UInt8] = []
        var position = start
        var sawEmptyLine = false
        while let (range, next) = nextLine(in: text, from: position) {
            let line = text[range]
            position = next
            if UULine.isEnd(line) {
                return (output, next)
            }
            let count = UULine.announcedCount(line)
            guard !sawEmptyLine, isWellFormed(line, count: count) else { return nil }
            if count == 0 {
                sawEmptyLine = true
                continue
            }
            guard case .data(isValid: true) = UULine.decode(line, into: &output) else {
                return nil
            }
        }
        return nil
    }

    /// Returns true when every character is an encoding character and the line has the
    /// length its count needs, allowing one group of stripped trailing spaces and one
    /// extra checksum character.
    private static func isWellFormed(_ line: ArraySlice<UInt8>, count: Int) -> Bool {
        guard line.allSatisfy(UULine.isEncodingCharacter) else { return false }
        let needed = UULine.encodedLength(of: count)
        let present = max(line.count - 1, 0)
        return present >= needed - 4 && present <= needed + 1
    }

    /// Returns the range of the line that starts at `start` without its line break, and
    /// the offset of the next line. Returns nil at the end of `text`.
    private static func nextLine(in text: [UInt8], from start: Int) -> (Range<Int>, Int)? {
        guard start < text.count else { return nil }
        var end = start
        while end < text.count && text[end] != ASCII.lineFeed
            && text[end] != ASCII.carriageReturn
        {
            end += 1
        }
        var next = end
        if next < text.count && text[next] == ASCII.carriageReturn { next += 1 }
        if next < text.count && text[next] == ASCII.lineFeed { next += 1 }
        return (start..<end, next)
    }
}
