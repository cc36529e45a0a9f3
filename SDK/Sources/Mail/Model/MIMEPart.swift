/// One MIME entity. Paths number children from 1 below their parent: the message is `1`,
/// its first child `1.1`, that child's second child `1.1.2`. An attached message
/// (`message/rfc822`) has one child, the message inside, whose parts continue below it.
public struct MIMEPart: Sendable, Hashable {
    public var path: String
    /// Lower-cased `type/subtype`; `text/plain` when the header is missing or invalid
    /// (`message/rfc822` inside `multipart/digest`).
    public var contentType: String
    /// The declared charset parameter, as written.
    public var charset: String?
    /// Lower-cased transfer encoding; `7bit` when the header is missing.
    public var transferEncoding: String
    /// The decoded file name from Content-Disposition, else from the Content-Type `name`.
    public var filename: String?
    /// Bytes after transfer decoding. For a container, the size of its body.
    public var decodedSize: Int
    public var scan: ScanStatus
    public var headers: [HeaderField]
    /// Lower-cased Content-Disposition type (`inline`, `attachment`), or nil.
    public var disposition: String?
    /// The media type that the signature in the first decoded bytes identifies, such as
    /// `image/png` or `application/pdf`, whatever the part declares. It is nil when the
    /// bytes match no signature in `FileSignature`, and for containers.
    public var detectedType: String?

    public init(
        path: String, contentType: String, charset: String?, transferEncoding: String,
        filename: String?, decodedSize: Int, scan: ScanStatus, headers: [HeaderField],
        disposition: String? = nil, detectedType: String? = nil
    ) {
        self.path = path
        self.contentType = contentType
        self.charset = charset
        self.transferEncoding = transferEncoding
        self.filename = filename
        self.decodedSize = decodedSize
        self.scan = scan
        self.headers = headers
        self.disposition = disposition
        self.detectedType = detectedType
    }

    /// Nesting depth: 0 for the message, 1 for its parts.
    public var depth: Int {
        path.utf8.reduce(0) { $0 + ($1 == ASCII.period ? 1 : 0) }
    }
}

/// Whether a part's content reached a text view.
public enum ScanStatus: Sendable, Hashable {
    case scanned
    /// Containers (multipart, message) have no content of their own.
    case container
    /// `reason` is the raw value of a `NotScannedReason` for every part this parser lists.
    case notScanned(reason: String)

    /// Returns the status of a part whose content did not reach a text view for `reason`.
    public static func notScanned(_ reason: NotScannedReason) -> ScanStatus {
        .notScanned(reason: reason.rawValue)
    }

    public var isScanned: Bool { self == .scanned }

    public var isNotScanned: Bool {
        if case .notScanned = self { true } else { false }
    }

    /// The typed reason of a `notScanned` status, or nil.
    public var notScannedReason: NotScannedReason? {
        guard case .notScanned(let reason) = self else { return nil }
        return NotScannedReason(rawValue: reason)
    }
}

/// The reason a part's content did not reach a text view, or reached it only in part.
public enum NotScannedReason: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// S/MIME or OpenPGP encrypted content.
    case encrypted
    /// A detached signature; it carries no message text.
    case signature
    /// Word, Excel, PowerPoint or OpenDocument file, whose text is not extracted.
    case officeDocument = "office_document"
    /// PDF file, whose text is not extracted.
    case pdf
    /// Compressed archive, such as zip.
    case archive
    /// A compressed stream without a file list, such as gzip or zlib data.
    case compressedData = "compressed_data"
    /// Content that is not text: images, audio, executables, unknown binary data.
    case binaryContent = "binary_content"
    /// Over `maxDecodedPartSize` or the message's text budget; the text view, if any,
    /// holds only the beginning.
    case sizeLimit = "size_limit"
    /// Nested deeper than `maxDepth`; the parser did not descend into it.
    case depthLimit = "depth_limit"
    /// A Content-Transfer-Encoding other than 7bit, 8bit, binary, base64,
    /// quoted-printable and x-uuencode. The content is scanned as it is, if it looks like
    /// text, but a mail client or a program could decode it into something else.
    case unknownTransferEncoding = "unknown_transfer_encoding"
    /// Content that could not be decoded at all, such as x-uuencode without a `begin`
    /// line, or a multipart in base64 whose boundary never occurs.
    case undecodable
    /// A part after the first `maxParts` entities; it is not listed.
    case partLimit = "part_limit"
    /// Header fields over `maxHeaderFields` or `maxHeaderBytes`; they were dropped.
    case headerLimit = "header_limit"
    /// An alternative reading past the first `maxAlternativeReadings`, which was not parsed.
    case readingLimit = "reading_limit"

    public var description: String {
        switch self {
        case .encrypted: "encrypted"
        case .signature: "signature"
        case .officeDocument: "office document, text not extracted"
        case .pdf: "PDF document, text not extracted"
        case .archive: "archive"
        case .compressedData: "compressed data"
        case .binaryContent: "binary content"
        case .sizeLimit: "over size limit"
        case .depthLimit: "over depth limit"
        case .unknownTransferEncoding: "unknown transfer encoding"
        case .undecodable: "transfer encoding could not be decoded"
        case .partLimit: "over part limit, not parsed"
        case .headerLimit: "header fields over the limit, dropped"
        case .readingLimit: "alternative reading over the limit, not read"
        }
    }
}
