/// Normalised text of one part, or of something else a scanner must read.
///
/// The text is UTF-8 with LF line ends, without zero-width and other invisible format
/// characters, with Unicode spaces as ASCII spaces, Unicode hyphens and dashes as `-`, and
/// full-width ASCII forms as ASCII.
public struct TextView: Sendable, Hashable {
    public var partPath: String
    public var kind: TextKind
    /// UTF-8 bytes.
    public var text: [UInt8]
    /// Nil for the primary reading; else the alternative reading that produced the view.
    public var reading: String?

    public init(partPath: String, kind: TextKind, text: [UInt8], reading: String? = nil) {
        self.partPath = partPath
        self.kind = kind
        self.text = text
        self.reading = reading
    }

    public var string: String { String(decoding: text, as: UTF8.self) }
}

public enum TextKind: String, Sendable, Hashable, Codable {
    case plain, html, csv, calendar, vcard, otherText = "other_text"
    case attachmentName = "attachment_name"
    /// Decoded human-readable header fields (Subject, display names, Comments) of the
    /// message, of an attached message, or of a part (Content-Description).
    case headers
    /// Text before the first delimiter of a multipart.
    case preamble
    /// Text after the closing delimiter of a multipart.
    case epilogue
}
