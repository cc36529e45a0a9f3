/// Something a plugin found in a transaction. Findings are visible to the plugins that run
/// later and go into the audit trail and replay output.
///
/// A finding names what was found and how often, never the matched value: `kind` is
/// `SSN`, never `372-81-4096`. Locations are part paths and byte offsets into the text
/// view, which an auditor can use with the stored message.
public struct Finding: Sendable, Hashable {
    /// The plugin that produced the finding.
    public var plugin: String
    /// The rule id, such as `phi.ssn` or `tls.hop_clear`.
    public var rule: String
    /// The kind, in the vocabulary of the plugin, such as `SSN`, `ICD10`, `HOP_CLEAR`.
    public var kind: String
    public var count: Int
    /// A weight or confidence, when the plugin scores.
    public var score: Double?
    public var locations: [FindingLocation]
    /// Extra facts without message content, such as `hop=2`.
    public var attributes: [String: String]

    public init(
        plugin: String, rule: String, kind: String, count: Int = 1, score: Double? = nil,
        locations: [FindingLocation] = [], attributes: [String: String] = [:]
    ) {
        self.plugin = plugin
        self.rule = rule
        self.kind = kind
        self.count = count
        self.score = score
        self.locations = locations
        self.attributes = attributes
    }
}

/// Where a finding was made: a text view of a MIME part and a byte range in it.
public struct FindingLocation: Sendable, Hashable {
    public var partPath: String
    public var offset: Int
    public var length: Int

    public init(partPath: String, offset: Int, length: Int) {
        self.partPath = partPath
        self.offset = offset
        self.length = length
    }
}
