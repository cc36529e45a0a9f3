/// Collection of header fields from lines, the one header model for every entry point:
/// a whole message, a spool file, and the header block of each MIME part.
///
/// - A line that starts with a space or tab continues the previous field. Its line break
///   is kept in `rawValue` as it appeared (CRLF, LF or CR).
/// - A field name is printable US-ASCII without a colon; white space between the name and
///   the colon is allowed (RFC 5322 obsolete syntax) and removed from the name.
/// - One space after the colon is removed, as Postfix does before it passes a header to a
///   milter.
/// - An empty line ends the header block. A line that is neither a field nor a
///   continuation also ends it and is the first line of the body.
/// - A continuation line before any field is ignored.
struct HeaderCollector {
    enum Outcome {
        /// The line was a field or part of one.
        case consumed
        /// The line was the empty line after the header block.
        case endOfHeaders
        /// The line is not a header line; it is the first line of the body.
        case bodyStarted
    }

    private(set) var fields: [HeaderField] = []
    /// Fields and bytes dropped because of `maxFields` and `maxBytes`.
    private(set) var droppedFields = 0
    private(set) var droppedBytes = 0
    private var storedBytes = 0
    private var lastEnding = LineEnding.none
    private var lastFieldDropped = false
    /// True once any line was added, even one that only ended the block.
    private(set) var sawFirstLine = false
    private let maxFields: Int
    private let maxBytes: Int
    /// True for the top of a message file, where an mbox `From ` line may come first.
    private let skipsMboxSeparator: Bool

    init(maxFields: Int, maxBytes: Int, skipsMboxSeparator: Bool) {
        self.maxFields = maxFields
        self.maxBytes = maxBytes
        self.skipsMboxSeparator = skipsMboxSeparator
    }

    mutating func add(_ line: Line) -> Outcome {
        defer {
            sawFirstLine = true
            lastEnding = line.ending
        }
        let content = line.content
        if line.isContinuation {
            appendToLastField(content, lineBreak: [])
            return .consumed
        }
        if content.isEmpty {
            return .endOfHeaders
        }
        if ASCII.isWhitespace(content[0]) {
            appendToLastField(content, lineBreak: lastEnding.bytes)
            return .consumed
        }
        if !sawFirstLine && skipsMboxSeparator && content.starts(with: Self.mboxSeparator) {
            return .consumed
        }
        guard let colon = Self.fieldNameEnd(content) else {
            return .bodyStarted
        }
        appendField(content, colon: colon)
        return .consumed
    }

    private static let mboxSeparator = Array("From ".utf8)

    /// Returns the index of the colon after a valid field name, or nil.
    private static func fieldNameEnd(_ content: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < content.count {
            let byte = content[index]
            if byte == ASCII.colon { return index > 0 ? index : nil }
            if byte <= 0x20 || byte >= 0x7F { break }
            index += 1
        }
        guard index > 0 else { return nil }
        while index < content.count && ASCII.isWhitespace(content[index]) {
            index += 1
        }
        return index < content.count && content[index] == ASCII.colon ? index : nil
    }

    private mutating func appendField(_ content: UnsafeBufferPointer<UInt8>, colon: Int) {
        guard fields.count < maxFields, storedBytes + content.count <= maxBytes else {
            droppedFields += 1
            droppedBytes += content.count
            lastFieldDropped = true
            return
        }
        lastFieldDropped = false
        var nameEnd = colon
        while nameEnd > 0 && ASCII.isWhitespace(content[nameEnd - 1]) { nameEnd -= 1 }
        let name = String(
            decoding: UnsafeBufferPointer(rebasing: content[0..<nameEnd]), as: UTF8.self)
        var valueStart = colon + 1
        if valueStart < content.count && content[valueStart] == ASCII.space {
            valueStart += 1
        }
        let value = Array(UnsafeBufferPointer(rebasing: content[valueStart...]))
        fields.append(HeaderField(name: name, rawValue: value))
        storedBytes += content.count
    }

    private mutating func appendToLastField(
        _ content: UnsafeBufferPointer<UInt8>, lineBreak: [UInt8]
    ) {
        guard !fields.isEmpty, !lastFieldDropped else { return }
        let added = lineBreak.count + content.count
        guard storedBytes + added <= maxBytes else {
            droppedBytes += added
            return
        }
        fields[fields.count - 1].rawValue.append(contentsOf: lineBreak)
        fields[fields.count - 1].rawValue.append(contentsOf: content)
        storedBytes += added
    }
}
