/// A message after MIME parsing and decoding: the structure, one text view per scannable
/// part, and every problem met on the way.
public struct ParsedMessage: Sendable {
    /// Top-level header fields, in order.
    public var headers: [HeaderField]
    /// Every MIME entity, depth-first; `parts[0]` is the message itself (path `1`).
    public var parts: [MIMEPart]
    /// Normalised UTF-8 text, as scanners must see it, in the order of `parts`.
    public var textViews: [TextView]
    /// Damage, anomalies and limits reached, in the order they were met.
    public var problems: [ParseProblem]

    public init(
        headers: [HeaderField], parts: [MIMEPart], textViews: [TextView],
        problems: [ParseProblem]
    ) {
        self.headers = headers
        self.parts = parts
        self.textViews = textViews
        self.problems = problems
    }
}

/// One MIME entity. Paths number children from 1 below their parent: the message is `1`,
/// its first child `1.1`, that child's second child `1.1.2`.
public struct MIMEPart: Sendable, Hashable {
    public var path: String
    /// Lower-cased `type/subtype`; `text/plain` when the header is missing or invalid.
    public var contentType: String
    public var charset: String?
    /// Lower-cased transfer encoding; `7bit` when the header is missing.
    public var transferEncoding: String
    public var filename: String?
    public var decodedSize: Int
    public var scan: ScanStatus
    public var headers: [HeaderField]

    public init(
        path: String, contentType: String, charset: String?, transferEncoding: String,
        filename: String?, decodedSize: Int, scan: ScanStatus, headers: [HeaderField]
    ) {
        self.path = path
        self.contentType = contentType
        self.charset = charset
        self.transferEncoding = transferEncoding
        self.filename = filename
        self.decodedSize = decodedSize
        self.scan = scan
        self.headers = headers
    }
}

/// Whether a part's content reached a text view.
public enum ScanStatus: Sendable, Hashable {
    case scanned
    /// Containers (multipart, message) have no content of their own.
    case container
    case notScanned(reason: String)
}

/// Normalised text of one part, or of something else a scanner must read.
public struct TextView: Sendable, Hashable {
    public var partPath: String
    public var kind: TextKind
    /// UTF-8 bytes.
    public var text: [UInt8]

    public init(partPath: String, kind: TextKind, text: [UInt8]) {
        self.partPath = partPath
        self.kind = kind
        self.text = text
    }
}

public enum TextKind: String, Sendable, Hashable, Codable {
    case plain, html, csv, calendar, vcard, otherText = "other_text"
    case attachmentName = "attachment_name"
    /// Decoded human-readable header fields (Subject, display names, Comments) of the
    /// message or of an attached message.
    case headers
}

/// Something damaged, unusual or over a limit.
public struct ParseProblem: Sendable, Hashable {
    public var partPath: String?
    public var kind: ProblemKind
    public var detail: String

    public init(partPath: String?, kind: ProblemKind, detail: String) {
        self.partPath = partPath
        self.kind = kind
        self.detail = detail
    }
}

public enum ProblemKind: String, Sendable, Hashable, Codable {
    case invalidBase64 = "invalid_base64"
    case invalidQuotedPrintable = "invalid_quoted_printable"
    case unknownCharset = "unknown_charset"
    case invalidCharsetData = "invalid_charset_data"
    case missingBoundary = "missing_boundary"
    case missingFinalBoundary = "missing_final_boundary"
    case duplicateContentHeader = "duplicate_content_header"
    case nestedBoundaryReuse = "nested_boundary_reuse"
    case depthLimit = "depth_limit"
    case partLimit = "part_limit"
    case headerLimit = "header_limit"
    case sizeLimit = "size_limit"
    case malformedHeader = "malformed_header"
    case other
}
