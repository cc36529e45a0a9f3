/// Joining of the soft line breaks of `text/plain; format=flowed` (RFC 3676).
///
/// A line that ends in a space continues on the next line when both have the same quote
/// depth. With `delsp=yes` that space is also removed, so a word or number may be split
/// across the two lines; it comes out whole. Space-stuffing is undone, and a joined
/// paragraph keeps one quote prefix. The signature separator `-- ` is never joined.
enum FlowedText {
    private struct FlowedLine {
        var quoteDepth: Int
        var content: ArraySlice<UInt8>

        var isFlowed: Bool {
            content.last == ASCII.space
                && !content.elementsEqual([ASCII.hyphen, ASCII.hyphen, ASCII.space])
        }
    }

    static func unflow(_ utf8: [UInt8], deleteSpace: Bool) -> [UInt8] {
        let lines = splitLines(utf8)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var index = 0
        while index < lines.count {
            let depth = lines[index].quoteDepth
            if depth > 0 {
                output.append(contentsOf: repeatElement(ASCII.greaterThan, count: depth))
                output.append(ASCII.space)
            }
            var line = lines[index]
            while line.isFlowed && index + 1 < lines.count && lines[index + 1].quoteDepth == depth {
                output.append(contentsOf: deleteSpace ? line.content.dropLast() : line.content)
                index += 1
                line = lines[index]
            }
            output.append(contentsOf: line.content)
            index += 1
            if index < lines.count {
                output.append(ASCII.lineFeed)
            }
        }
        return output
    }

    /// Splits at LF (a CR before it is dropped) and removes quote markers and stuffing.
    private static func splitLines(_ utf8: [UInt8]) -> [FlowedLine] {
        var lines: [FlowedLine] = []
        var start = 0
        while start <= utf8.count {
            var end = start
            while end < utf8.count && utf8[end] != ASCII.lineFeed { end += 1 }
            var content = utf8[start..<end]
            if content.last == ASCII.carriageReturn { content = content.dropLast() }
            var depth = 0
            while content.first == ASCII.greaterThan {
                content = content.dropFirst()
                depth += 1
            }
            if content.first == ASCII.space {
                content = content.dropFirst()
            }
            lines.append(FlowedLine(quoteDepth: depth, content: content))
            start = end + 1
        }
        return lines
    }
}
