/// Limits that bound the work and memory spent on one message. Past a limit the parser
/// stops descending, records a `ParseProblem`, and still returns what it has.
public struct MIMELimits: Sendable, Hashable {
    public var maxDepth: Int = 32
    public var maxParts: Int = 10_000
    public var maxHeaderFields: Int = 10_000
    public var maxDecodedPartSize: Int = 64 << 20
    public var maxTextViewSize: Int = 32 << 20

    public init() {}
}

/// Errors that stop parsing altogether. Damage inside a message is never one of these; it
/// becomes a `ParseProblem`.
public enum MailError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableBody(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .unreadableBody(let path, let errno):
            "cannot read message body spool file \(path): errno \(errno)"
        }
    }
}

/// Entry points of the MIME parser.
public enum MessageParser {
    /// Parses a message whose header fields were already split off, as a milter receives
    /// them.
    public static func parse(
        headers: [HeaderField], body: MessageBody, limits: MIMELimits = MIMELimits()
    ) throws(MailError) -> ParsedMessage {
        // TODO: placeholder until the streaming MIME parser lands: the body is one
        // text/plain part, undecoded.
        let bytes: [UInt8]
        switch body {
        case .memory(let memory): bytes = memory
        case .file: bytes = []
        }
        let part = MIMEPart(
            path: "1", contentType: "text/plain", charset: nil, transferEncoding: "7bit",
            filename: nil, decodedSize: bytes.count, scan: .scanned, headers: headers)
        return ParsedMessage(
            headers: headers, parts: [part],
            textViews: [TextView(partPath: "1", kind: .plain, text: bytes)], problems: [])
    }

    /// Parses a whole message, header block first.
    public static func parse(message: [UInt8], limits: MIMELimits = MIMELimits()) throws(MailError)
        -> ParsedMessage
    {
        let split = HeaderBlock.split(message)
        return try parse(
            headers: split.fields, body: .memory(Array(message[split.bodyOffset...])),
            limits: limits)
    }
}
