import Mail
import PluginAPI

/// The plugin's conclusion about one message.
public struct PHIAssessment: Sendable {
    /// True when the message must be protected: the score reached the threshold, a
    /// trigger matched, or content could not be scanned and policy fails closed.
    public var isSensitive: Bool
    public var score: Double
    /// Why the message is sensitive: `score`, `trigger` and/or `unscanned`.
    public var reasons: [String]
    /// The kinds found, in `PHIKind` order, without the internal patient-context marker.
    public var kinds: [PHIKind]
    /// One entry per kind and rule, with counts and positions, never values.
    public var groups: [FindingGroup]
    /// Candidates with an identifier's shape but too little context, by kind.
    public var lowConfidence: [PHIKind: Int]
    /// Bytes of text views scanned.
    public var scannedBytes: Int
    /// Unscanned images that `phi_unscanned_exempt_types` exempts; they never make the
    /// message sensitive.
    public var exempted: [UnscannedContent] = []

    /// The findings of one kind and rule.
    public struct FindingGroup: Sendable, Equatable {
        public var kind: PHIKind
        public var rule: String
        public var count: Int
        public var locations: [FindingLocation]
        /// Redacted values such as `***-**-6789`; empty unless `phi_audit_redacted` is on.
        public var redacted: [String]
        /// Why content was not scanned, for `UNSCANNED`.
        public var reasons: [String]
    }
}
