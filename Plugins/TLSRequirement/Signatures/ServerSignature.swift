import Mail

/// One line of a signature file: what a kind of Received writer means when it records no
/// TLS, and the structure that identifies its lines.
public struct ServerSignature: Sendable, Hashable {
    /// Meaning of a line by this writer that states no TLS facts.
    public enum Meaning: String, Sendable, Hashable, CaseIterable {
        /// The writer records TLS whenever it is used, so silence means clear text.
        case records
        /// The writer does not record TLS, so silence means unknown.
        case silent
        /// The writer's protocol word is not evidence either way, because it writes
        /// `with SMTP` even on endpoints that require TLS. Silence means unknown.
        case misleading
    }

    public var meaning: Meaning
    /// The writer's name in explanations, such as `Postfix`.
    public var name: String
    var conditions: [SignatureCondition]
    /// `FILE:LINE` of the signature, for `tlsguard trace` and error messages.
    public var source: String

    /// Returns true when every condition matches the header.
    func matches(_ header: ReceivedHeader) -> Bool {
        conditions.allSatisfy { $0.matches(header) }
    }
}

/// One `FIELD=PATTERN` condition of a signature.
struct SignatureCondition: Sendable, Hashable {
    var field: SignatureField
    var pattern: GlobPattern

    func matches(_ header: ReceivedHeader) -> Bool {
        field.values(of: header).contains { pattern.matches($0) }
    }
}

/// The parts of a Received line that a signature can test.
enum SignatureField: String, Sendable, Hashable, CaseIterable {
    /// The normalised protocol, such as `ESMTPS` or `Microsoft SMTP Server`.
    case `protocol`
    /// Each `with` value as written; the only case-sensitive field, because Exim's
    /// lower-case `esmtp` identifies it.
    case protocolRaw = "protocol-raw"
    /// Any comment outside other comments, such as `Exim 4.97`.
    case comment
    /// A comment after the `by` host, such as `Postfix` or `8.17.1.9/8.17.1.9`.
    case byComment = "by-comment"
    /// A comment after the `with` protocol, such as `SimpleEmailService-…`.
    case withComment = "with-comment"
    case id
    /// The `by` host; for signature files of one's own servers, never a provider's
    /// domain in the built-in file.
    case byHost = "by-host"
    case fromHost = "from-host"

    var isCaseSensitive: Bool { self == .protocolRaw }

    func values(of header: ReceivedHeader) -> [String] {
        switch self {
        case .protocol: [header.protocolName].compactMap { $0 }
        case .protocolRaw: header.withValues
        case .comment: header.comments.map(\.text)
        case .byComment: header.comments(after: .by)
        case .withComment: header.comments(after: .with)
        case .id: [header.id].compactMap { $0 }
        case .byHost: [header.by?.host].compactMap { $0 }
        case .fromHost: [header.from?.host].compactMap { $0 }
        }
    }
}
