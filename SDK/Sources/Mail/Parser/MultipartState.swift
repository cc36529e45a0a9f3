/// A multipart entity while it streams: its boundary, where it is, and the text before
/// the first and after the last delimiter.
final class MultipartState {
    enum Phase {
        case preamble
        case parts
        case epilogue
    }

    let boundary: [UInt8]
    let isDigest: Bool
    let isEncrypted: Bool
    var phase = Phase.preamble
    var childCount = 0
    /// True when a nested multipart declared the same boundary.
    var hasBoundaryReuse = false
    private(set) var text: TextRetention
    private var pendingEnding = LineEnding.none
    private let maxSize: Int

    init(boundary: [UInt8], subtype: String, limits: MIMELimits) {
        self.boundary = boundary
        isDigest = subtype == "digest"
        isEncrypted = subtype == "encrypted"
        maxSize = limits.maxDecodedPartSize
        text = TextRetention(active: true, maxSize: maxSize)
    }

    /// Keeps a preamble or epilogue line.
    func append(_ line: Line, context: ParseContext) {
        if pendingEnding != .none {
            text.append(pendingEnding.bytes, context: context)
        }
        text.append(line.content, context: context)
        pendingEnding = line.ending
    }

    /// Returns the preamble or epilogue text kept so far and starts a new one.
    func takeText(context: ParseContext) -> (text: [UInt8], truncated: Bool) {
        let truncated = text.truncated
        let bytes = text.take(context: context)
        text = TextRetention(active: true, maxSize: maxSize)
        pendingEnding = .none
        return (bytes, truncated)
    }

    /// True when `content` is a delimiter line of this multipart: `--boundary`, optionally
    /// `--` after it, then only spaces or tabs. Returns whether it closes the multipart,
    /// or nil for any other line, including `--boundary--extra` and `--boundaryX`.
    func matchDelimiter(_ content: UnsafeBufferPointer<UInt8>) -> Bool? {
        let length = boundary.count + 2
        guard content.count >= length else { return nil }
        for index in 0..<boundary.count where content[index + 2] != boundary[index] {
            return nil
        }
        var index = length
        var isClose = false
        if index + 1 < content.count && content[index] == ASCII.hyphen
            && content[index + 1] == ASCII.hyphen
        {
            isClose = true
            index += 2
        }
        while index < content.count {
            if !ASCII.isWhitespace(content[index]) { return nil }
            index += 1
        }
        return isClose
    }
}
