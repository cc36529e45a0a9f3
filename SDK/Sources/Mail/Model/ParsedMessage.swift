/// A message after MIME parsing and decoding: the structure, the text views scanners read,
/// and every problem met on the way.
public struct ParsedMessage: Sendable {
    /// Top-level header fields, in order.
    public var headers: [HeaderField]
    /// Every MIME entity, depth-first; `parts[0]` is the message itself (path `1`).
    public var parts: [MIMEPart]
    /// Normalised UTF-8 text, as scanners must see it, in the order of `parts`. Views of
    /// alternative readings follow, each with `reading` set.
    public var textViews: [TextView]
    /// Damage, anomalies and limits reached, in the order they were met.
    public var problems: [ParseProblem]
    /// Other plausible structures of an ambiguous message, such as the one that a client
    /// honouring the last of two Content-Type headers displays. Their text is in
    /// `textViews`.
    public var alternativeReadings: [AlternativeReading]

    public init(
        headers: [HeaderField], parts: [MIMEPart], textViews: [TextView],
        problems: [ParseProblem], alternativeReadings: [AlternativeReading] = []
    ) {
        self.headers = headers
        self.parts = parts
        self.textViews = textViews
        self.problems = problems
        self.alternativeReadings = alternativeReadings
    }

    /// Every piece of content that did not reach a text view, in the primary reading and
    /// then in each alternative reading. It lists the parts that are `notScanned`, parts
    /// and header fields that a limit cut off, a preamble or epilogue over the size limit,
    /// and attached messages in an unknown or undecodable transfer encoding.
    public var unscannedContent: [UnscannedContent] {
        var entries = UnscannedContent.list(parts: parts, problems: problems, reading: nil)
        for alternative in alternativeReadings {
            entries += UnscannedContent.list(
                parts: alternative.parts, problems: alternative.problems,
                reading: alternative.reading)
        }
        return entries
    }

    /// True when some content did not reach a text view; see `unscannedContent`. A policy
    /// that fails closed acts on this.
    public var hasUnscannedContent: Bool {
        !unscannedContent.isEmpty
    }

    /// Returns the part at `path`, such as `1.2`, or nil.
    public func part(at path: String) -> MIMEPart? {
        parts.first { $0.path == path }
    }

    /// Returns the text views of the part at `path` in the primary reading.
    public func textViews(of path: String) -> [TextView] {
        textViews.filter { $0.partPath == path && $0.reading == nil }
    }
}

/// Another plausible reading of an ambiguous entity, parsed from the same bytes.
public struct AlternativeReading: Sendable {
    /// Path of the entity read differently; the paths of `parts` start with it.
    public var partPath: String
    /// The assumption of this reading, such as `Content-Type header 2 of 2`.
    public var reading: String
    public var parts: [MIMEPart]
    public var problems: [ParseProblem]

    public init(partPath: String, reading: String, parts: [MIMEPart], problems: [ParseProblem]) {
        self.partPath = partPath
        self.reading = reading
        self.parts = parts
        self.problems = problems
    }
}
