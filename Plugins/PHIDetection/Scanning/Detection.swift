/// One identifier, code or term the detectors accepted in a text view, before findings are
/// grouped by kind. `start ..< end` are byte offsets into the view.
struct Detection: Sendable, Equatable {
    var kind: PHIKind
    /// The rule id, `phi.` and the detector name, such as `phi.ssn` or `phi.itin`.
    var rule: String
    var start: Int
    var end: Int
    /// True for a name that only a generic label such as `Name:` found; such a name counts
    /// only when the message has patient context elsewhere.
    var needsPatientContext: Bool = false

    init(_ kind: PHIKind, rule: String? = nil, start: Int, end: Int) {
        self.kind = kind
        self.rule = rule ?? "phi." + kind.detectorName
        self.start = start
        self.end = end
    }
}

/// What the detectors found in one text view.
struct ViewFindings: Sendable {
    var detections: [Detection] = []
    /// Candidates that had an identifier's shape but not enough context, by kind; they
    /// are logged at debug level and never count.
    var lowConfidence: [PHIKind: Int] = [:]
}
