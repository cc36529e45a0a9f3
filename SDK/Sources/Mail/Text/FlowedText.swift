/// Joining of the soft line breaks of `text/plain; format=flowed` (RFC 3676).
///
/// A line that ends in a space continues on the next line. With `delsp=yes` that space is
/// also removed, so a word or number may be split across the two lines; it comes out
/// whole. Space-stuffing is undone and the quote markers of a joined line are removed.
/// The signature separator `-- ` is never joined.
enum FlowedText {
    static func unflow(_ utf8: [UInt8], deleteSpace: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var joining = false
        var start = 0
        while start <= utf8.count {
            var end = start
            while end < utf8.count && utf8[end] != ASCII.lineFeed { end += 1 }
            var line = utf8[start..<end]
            if line.last == ASCII.carriageReturn { line = line.dropLast() }
            let hasBreak = end < utf8.count
            appendFlowedLine(line, joining: joining, to: &output)
            let isSignature = line.elementsEqual([ASCII.hyphen, ASCII.hyphen, ASCII.space])
            let isFlowed = line.last == ASCII.space && !isSignature
            if isFlowed && hasBreak {
                if deleteSpace { output.removeLast() }
                joining = true
            } else {
                if hasBreak { output.append(ASCII.lineFeed) }
                joining = false
            }
            start = end + 1
        }
        return output
    }

    private static func appendFlowedLine(
        _ line: ArraySlice<UInt8>, joining: Bool, to output: inout [UInt8]
    ) {
        var content = line
        var quoteDepth = 0
        while content.first == ASCII.greaterThan {
            content = content.dropFirst()
            quoteDepth += 1
        }
        if content.first == ASCII.space {
            content = content.dropFirst()
        }
        if !joining && quoteDepth > 0 {
            output.append(contentsOf: repeatElement(ASCII.greaterThan, count: quoteDepth))
            output.append(ASCII.space)
        }
        output.append(contentsOf: content)
    }
}
