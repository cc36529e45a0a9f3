/// One entity on the parser's stack, from its first header line until it closes.
final class EntityFrame {
    let path: String
    let depth: Int
    /// The type used when Content-Type is missing or invalid.
    let defaultType: ContentType
    let insideEncryptedMultipart: Bool
    /// Collects header lines until the header block ends; nil afterwards.
    var collector: HeaderCollector?
    var fields: [HeaderField] = []
    var info: EntityInfo?
    var partIndex: Int?
    var body = EntityBody.pending
    /// Offset of the first body byte in the parser's stream.
    var bodyStart = 0

    init(
        path: String, depth: Int, defaultType: ContentType, insideEncryptedMultipart: Bool,
        collector: HeaderCollector?
    ) {
        self.path = path
        self.depth = depth
        self.defaultType = defaultType
        self.insideEncryptedMultipart = insideEncryptedMultipart
        self.collector = collector
    }

    /// Makes a frame for a part past `maxParts`, which gets no record and whose lines are
    /// ignored.
    static func skipped(path: String, depth: Int) -> EntityFrame {
        let frame = EntityFrame(
            path: path, depth: depth, defaultType: .textPlain, insideEncryptedMultipart: false,
            collector: nil)
        frame.body = .skipped
        return frame
    }
}

/// The reader of an entity's body.
enum EntityBody {
    /// The header block has not ended yet.
    case pending
    case leaf(LeafContent)
    case multipart(MultipartState)
    case message(MessageContent)
    case skipped
}

extension ContentType {
    static let textPlain = ContentType(type: "text", subtype: "plain")
    static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")
}
