/// The rendered text of an HTML document, built while it is read: white space collapsed as
/// a browser does outside `<pre>`, line breaks for block elements, tabs between table
/// cells.
struct HTMLTextWriter {
    private(set) var output: [UInt8] = []
    private var pendingSpace = false
    private var atLineStart = true
    private var afterCellSeparator = false
    private var trailingNewlines = 0
    var preformattedDepth = 0

    init(capacity: Int) {
        output.reserveCapacity(capacity)
    }

    mutating func appendTextByte(_ byte: UInt8) {
        if byte == ASCII.space || byte == ASCII.tab || byte == ASCII.lineFeed
            || byte == ASCII.carriageReturn || byte == 0x0C
        {
            if preformattedDepth > 0 {
                output.append(byte == ASCII.carriageReturn ? ASCII.lineFeed : byte)
                atLineStart = byte == ASCII.lineFeed
            } else {
                pendingSpace = true
            }
            return
        }
        flushSpace()
        output.append(byte)
        atLineStart = false
        afterCellSeparator = false
        trailingNewlines = 0
    }

    mutating func appendScalar(_ scalar: UInt32) {
        if scalar < 0x80 {
            appendTextByte(UInt8(scalar))
            return
        }
        flushSpace()
        UTF8Encoding.append(scalar, to: &output)
        atLineStart = false
        afterCellSeparator = false
        trailingNewlines = 0
    }

    /// Adds `text` as a separate word, such as an image's alt text.
    mutating func appendWord(_ text: [UInt8]) {
        guard !text.isEmpty else { return }
        pendingSpace = true
        for byte in text {
            appendTextByte(byte)
        }
        pendingSpace = true
    }

    /// Ends the line unless it is empty: block elements such as `<p>`, `<div>`, `<tr>`.
    mutating func blockBreak() {
        pendingSpace = false
        guard !atLineStart else { return }
        newline()
    }

    /// Adds the line break of a `<br>`, even on an empty line, with at most one empty line
    /// in a row.
    mutating func lineBreak() {
        pendingSpace = false
        guard trailingNewlines < 2 else { return }
        newline()
    }

    /// Starts a table cell with a tab after the previous cell's text, so adjacent cells do
    /// not merge.
    mutating func cellSeparator() {
        pendingSpace = false
        guard !atLineStart, !afterCellSeparator else { return }
        output.append(ASCII.tab)
        afterCellSeparator = true
    }

    private mutating func newline() {
        output.append(ASCII.lineFeed)
        atLineStart = true
        afterCellSeparator = false
        trailingNewlines += 1
    }

    private mutating func flushSpace() {
        if pendingSpace && !atLineStart && !afterCellSeparator {
            output.append(ASCII.space)
        }
        pendingSpace = false
    }
}
