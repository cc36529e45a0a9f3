/// Something damaged, unusual or over a limit.
public struct ParseProblem: Sendable, Hashable {
    /// The entity it concerns, or nil for the message as a whole.
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
    /// Damaged lines or a missing `end` line in uuencoded content; the rest is decoded.
    case invalidUUEncode = "invalid_uuencode"
    /// Content that could not be decoded at all: x-uuencode without a `begin` line, or a
    /// multipart in an encoding such as base64 whose boundary never occurs.
    case undecodableContent = "undecodable_content"
    case unknownTransferEncoding = "unknown_transfer_encoding"
    case unknownCharset = "unknown_charset"
    case invalidCharsetData = "invalid_charset_data"
    /// A multipart without a boundary parameter, or whose boundary never occurs.
    case missingBoundary = "missing_boundary"
    case missingFinalBoundary = "missing_final_boundary"
    case duplicateContentHeader = "duplicate_content_header"
    case duplicateParameter = "duplicate_parameter"
    case nestedBoundaryReuse = "nested_boundary_reuse"
    case invalidContentType = "invalid_content_type"
    case depthLimit = "depth_limit"
    case partLimit = "part_limit"
    case headerLimit = "header_limit"
    case sizeLimit = "size_limit"
    /// An ambiguous entity whose alternative reading was not parsed because
    /// `maxAlternativeReadings` readings were parsed already.
    case readingLimit = "reading_limit"
    case malformedHeader = "malformed_header"
    case other

    /// True for the kinds that mean content was left out.
    public var isLimit: Bool {
        switch self {
        case .depthLimit, .partLimit, .headerLimit, .sizeLimit, .readingLimit: true
        default: false
        }
    }

    /// The reason of the unscanned content that a problem of this kind means, or nil when
    /// the problem leaves the content readable: the limits, an unknown transfer encoding
    /// and content that could not be decoded at all.
    public var unscannedReason: NotScannedReason? {
        switch self {
        case .depthLimit: .depthLimit
        case .partLimit: .partLimit
        case .headerLimit: .headerLimit
        case .sizeLimit: .sizeLimit
        case .readingLimit: .readingLimit
        case .unknownTransferEncoding: .unknownTransferEncoding
        case .undecodableContent: .undecodable
        default: nil
        }
    }
}
