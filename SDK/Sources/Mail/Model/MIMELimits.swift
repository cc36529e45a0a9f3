/// Limits that bound the work and memory spent on one message. Past a limit the parser
/// stops descending or retaining, records a `ParseProblem`, and still returns what it has.
public struct MIMELimits: Sendable, Hashable {
    /// Maximum nesting depth of entities; the message is depth 0. Deeper entities are
    /// listed but not descended into. Default 32.
    public var maxDepth: Int = 32
    /// Maximum number of entities, the message included. Later entities are skipped.
    /// Default 10 000.
    public var maxParts: Int = 10_000
    /// Maximum header fields kept per entity; later fields are dropped. Default 10 000.
    public var maxHeaderFields: Int = 10_000
    /// Maximum bytes of header fields kept per entity. Default 1 MiB.
    public var maxHeaderBytes: Int = 1 << 20
    /// Maximum decoded bytes of one part kept for its text view. A larger part's view
    /// contains the beginning and the part is `notScanned(.sizeLimit)`.
    /// Default 64 MiB.
    public var maxDecodedPartSize: Int = 64 << 20
    /// Maximum decoded bytes kept for all text views of a message together. Default 128 MiB.
    public var maxTextViewSize: Int = 128 << 20
    /// Maximum alternative readings of ambiguous structure parsed per message. Default 4.
    public var maxAlternativeReadings: Int = 4
    /// Maximum problems recorded per message; later ones are counted in one last problem.
    /// Default 1000.
    public var maxProblems: Int = 1000

    public init() {}
}
