/// Unfolding of header field values (RFC 5322 section 2.2.3).
public enum HeaderUnfolding {
    /// Removes the line breaks of a folded value. A CRLF, LF or lone CR followed by a
    /// space or tab is removed and the white space kept. A line break followed by anything
    /// else, which only a broken source sends, becomes one space so no words are glued.
    public static func unfold(_ raw: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var pendingBreak = false
        for byte in raw {
            if byte == ASCII.carriageReturn || byte == ASCII.lineFeed {
                pendingBreak = true
                continue
            }
            if pendingBreak {
                pendingBreak = false
                if !ASCII.isWhitespace(byte) {
                    output.append(ASCII.space)
                }
            }
            output.append(byte)
        }
        return output
    }

    /// Unfolds the value and removes leading and trailing white space, which covers values
    /// that start on a continuation line.
    public static func unfoldAndTrim(_ raw: some Collection<UInt8>) -> [UInt8] {
        unfold(raw).trimmingFoldingWhitespace()
    }
}
