/// One identifier, code or term the detectors accepted in a text view, before findings are
/// grouped by kind. `start ..< end` are byte offsets into the view.
struct Detection: Sendable, Equatable {
    var kind: PHIKind
    var variant: Variant
    var start: Int
    var end: Int
    /// True for a name that only a generic label such as `Name:` found; such a name counts
    /// only when the message has patient context elsewhere.
    var needsPatientContext: Bool = false

    /// Distinguishes rules that report the same kind.
    enum Variant: Int, Sendable, CaseIterable {
        case standard
        /// An ITIN, reported as `SSN` by the rule `phi.itin`.
        case itin
        /// A CPT or HCPCS code, reported as `PROCEDURE` by the rule `phi.cpt`.
        case cpt

        /// The number of variants, as a constant: `allCases` builds an array on each use.
        static let count = 3
    }

    init(_ kind: PHIKind, variant: Variant = .standard, start: Int, end: Int) {
        self.kind = kind
        self.variant = variant
        self.start = start
        self.end = end
    }

    /// The rule id: `phi.` and the detector name, such as `phi.ssn`, or `phi.itin`.
    var rule: String { Detection.rule(kind: kind, variant: variant) }

    /// Returns the rule id of detections of `kind` found by the rule `variant`.
    static func rule(kind: PHIKind, variant: Variant) -> String {
        ruleIDs[kind.ordinal * Variant.count + variant.rawValue]
    }

    /// The rule id of each kind and variant, built once rather than for every message.
    private static let ruleIDs: [String] = PHIKind.allCases.flatMap { kind in
        Variant.allCases.map { variant in
            switch variant {
            case .standard: "phi." + kind.detectorName
            case .itin: "phi.itin"
            case .cpt: "phi.cpt"
            }
        }
    }
}

/// What the detectors found in one text view.
struct ViewFindings: Sendable {
    var detections: [Detection] = []
    /// Candidates that had an identifier's shape but not enough context, by kind; they
    /// are logged at debug level and never count.
    var lowConfidence = KindCounts()
}
