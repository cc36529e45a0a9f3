/// Splitting of a raw message into its header fields and the offset of its body.
public enum HeaderBlock {
    /// Splits the header block off `message` by the rules of the MIME parser. Lines end in
    /// CRLF, LF or a lone CR. A line that starts with a space or tab continues the previous
    /// field. The first empty line ends the block, and so does a line that is not a field,
    /// which then starts the body. `bodyOffset` is the index of the first body byte.
    public static func split(_ message: [UInt8], limits: MIMELimits = MIMELimits()) -> (
        fields: [HeaderField], bodyOffset: Int
    ) {
        var collector = HeaderCollector(
            maxFields: limits.maxHeaderFields, maxBytes: limits.maxHeaderBytes,
            skipsMboxSeparator: true)
        return message.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let line = LineSplitter.line(in: buffer, from: start)
                switch collector.add(line.line) {
                case .consumed:
                    start = line.next
                case .endOfHeaders:
                    return (collector.fields, line.next)
                case .bodyStarted:
                    return (collector.fields, start)
                }
            }
            return (collector.fields, buffer.count)
        }
    }
}
