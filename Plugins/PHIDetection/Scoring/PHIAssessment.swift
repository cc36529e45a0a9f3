import Mail
import PluginAPI

/// The plugin's conclusion about one message.
public struct PHIAssessment: Sendable {
    /// True when the message must be protected: the score reached the threshold, a
    /// trigger matched, or content could not be scanned and policy fails closed.
    public var isSensitive: Bool
    public var score: Double
    /// Why the message is sensitive: `score`, `trigger` and/or `unscanned`, in that order.
    public var reasons: Reasons { Reasons(causes) }
    /// The kinds found, in `PHIKind` order, without the internal patient-context marker.
    public var kinds: PHIKindList { PHIKindList(kindSet) }
    /// One entry per kind and rule, with counts and positions, never values.
    public var groups: [FindingGroup]
    /// Candidates with an identifier's shape but too little context, by kind.
    public var lowConfidence: PHIKindCounts { PHIKindCounts(lowConfidenceCounts) }
    /// Bytes of text views scanned.
    public var scannedBytes: Int
    /// Unscanned images that `phi_unscanned_exempt_types` exempts; they never make the
    /// message sensitive.
    public var exempted: [UnscannedContent] = []

    /// The stored forms of `reasons`, `kinds` and `lowConfidence`: bit masks and a vector,
    /// so that assessing a message allocates no more than its groups, and reading the
    /// three lists allocates nothing.
    let causes: Causes
    let kindSet: KindSet
    let lowConfidenceCounts: KindCounts

    /// The reasons a message is sensitive, as a bit mask.
    struct Causes: OptionSet, Sendable {
        let rawValue: UInt64
        static let score = Causes(rawValue: 1)
        static let trigger = Causes(rawValue: 2)
        static let unscanned = Causes(rawValue: 4)

        /// The name of each cause, at the position of its bit.
        static let names = ["score", "trigger", "unscanned"]
    }

    /// The names of the reasons, in the order of `Causes.names`, read from the mask.
    public struct Reasons: BitMaskCollection, Sendable, Equatable, CustomStringConvertible {
        let causes: Causes

        init(_ causes: Causes) {
            self.causes = causes
        }

        public var mask: UInt64 { causes.rawValue }

        public subscript(position: Int) -> String { Causes.names[position] }

        public var description: String { "[" + joined(separator: ", ") + "]" }
    }

    /// The findings of one kind and rule.
    public struct FindingGroup: Sendable, Equatable {
        public var kind: PHIKind
        public var rule: String
        public var count: Int
        /// The first `PHIDetector.maxLocations` locations. The groups of one assessment
        /// share the storage of their locations, so a slice's indices need not start at 0.
        public var locations: ArraySlice<FindingLocation>
        /// Redacted values such as `***-**-6789`; empty unless `phi_audit_redacted` is on.
        public var redacted: [String]
        /// Why content was not scanned, for `UNSCANNED`.
        public var reasons: [String]
    }
}
