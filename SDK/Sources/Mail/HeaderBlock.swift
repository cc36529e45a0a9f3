/// Splitting of a raw message into its header fields and the offset of its body.
public enum HeaderBlock {
    /// Splits the header block at the first empty line. Lines may end in CRLF, LF or CR.
    /// A line that starts with a space or tab continues the previous field; a line without
    /// a colon before the empty line ends the header block there, like Postfix does.
    public static func split(_ message: [UInt8]) -> (fields: [HeaderField], bodyOffset: Int) {
        var fields: [HeaderField] = []
        var index = 0
        let count = message.count
        while index < count {
            let lineStart = index
            var lineEnd = index
            while lineEnd < count && message[lineEnd] != 0x0A && message[lineEnd] != 0x0D {
                lineEnd += 1
            }
            let next = endOfLineBreak(message, at: lineEnd)
            if lineEnd == lineStart {
                return (fields, next)
            }
            let first = message[lineStart]
            if (first == 0x20 || first == 0x09), !fields.isEmpty {
                fields[fields.count - 1].rawValue.append(0x0A)
                fields[fields.count - 1].rawValue.append(contentsOf: message[lineStart..<lineEnd])
                index = next
                continue
            }
            guard let colon = message[lineStart..<lineEnd].firstIndex(of: 0x3A) else {
                return (fields, lineStart)
            }
            let name = String(decoding: message[lineStart..<colon], as: UTF8.self)
            var valueStart = colon + 1
            if valueStart < lineEnd && message[valueStart] == 0x20 {
                valueStart += 1
            }
            fields.append(HeaderField(name: name, rawValue: Array(message[valueStart..<lineEnd])))
            index = next
        }
        return (fields, count)
    }

    private static func endOfLineBreak(_ bytes: [UInt8], at index: Int) -> Int {
        guard index < bytes.count else { return index }
        if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
            return index + 2
        }
        return index + 1
    }
}
