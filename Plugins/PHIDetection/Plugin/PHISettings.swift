import PluginAPI

/// The plugin's configuration keys and their effective values. A class, so that the
/// detector's parts share one copy instead of retaining each array for every message.
final class PHISettings: Sendable {
    let threshold: Double
    let identifierScoreMax: Double
    let healthScoreMax: Double
    /// Weights indexed by `PHIKind.ordinal`.
    private let weightTable: [Double]
    let subjectTriggers: [String]
    let bodyTriggers: [String]
    let maxScanSize: Int
    let unscannedIsSensitive: Bool
    let unscannedPolicy: UnscannedPolicy
    let dictionaryFiles: [String]
    let auditRedacted: Bool
    let addHeader: Bool

    /// Kinds with a weight key, `phi_weight_` and the detector name.
    static let weightedKinds: [PHIKind] = PHIKind.allCases.filter { $0.side != .none }

    static let configKeys: [ConfigKey] =
        [
            ConfigKey(
                "phi_threshold", .decimal, default: "5",
                "Score at which a message counts as carrying PHI."),
            ConfigKey(
                "phi_identifier_score_max", .decimal, default: "4",
                "Most that identifiers of a person add to the score, so identifiers alone stay "
                    + "below the threshold."),
            ConfigKey(
                "phi_health_score_max", .decimal, default: "4",
                "Most that health information and patient context add to the score, so health "
                    + "terms alone stay below the threshold."),
            ConfigKey(
                "phi_subject_triggers", .list, default: "[secure], [encrypt]",
                "Subject words that make a message sensitive whatever its score; case is ignored."),
            ConfigKey(
                "phi_body_triggers", .list, default: "[secure], [encrypt]",
                "Body words that make a message sensitive whatever its score; case is ignored."),
            ConfigKey(
                "phi_max_scan_size", .size, default: "32m",
                "Bytes of one text view that are scanned; the rest counts as unscanned content."),
            ConfigKey(
                "phi_unscanned_is_sensitive", .boolean, default: "yes",
                "Treat a message with content that could not be scanned as sensitive."),
            ConfigKey(
                "phi_unscanned_exempt_types", .list,
                default: "image/png, image/x-png, image/jpeg, image/jpg, image/pjpeg, image/gif, "
                    + "image/webp, image/bmp",
                "Image types (type/subtype or type/*) that are not unscanned content when they "
                    + "are no larger than phi_unscanned_exempt_max_size and their bytes are an "
                    + "image of a listed type. TIFF is left out because fax services and "
                    + "scanners send TIFF pages, often well under 100 KB. Empty exempts nothing."),
            ConfigKey(
                "phi_unscanned_exempt_max_size", .size, default: "256k",
                "Largest decoded size of an exempt image. Logos and signature images are "
                    + "usually below 100 KB, while a scanned page or a photo of a document is "
                    + "usually above 256 KB; 0 exempts nothing."),
            ConfigKey(
                "phi_dictionary_files", .list, default: "",
                "Extra dictionary files, in the dictionary file format, added to the built-in "
                    + "terms."
            ),
            ConfigKey(
                "phi_audit_redacted", .boolean, default: "no",
                "Add redacted values such as ***-**-6789 to the findings in the audit trail."),
            ConfigKey(
                "phi_add_header", .boolean, default: "yes",
                "Add the X-TLSGuard-PHI header with the verdict, detector names and score."),
        ]
        + weightedKinds.map { kind in
            ConfigKey(
                "phi_weight_" + kind.detectorName, .decimal, default: format(kind.defaultWeight),
                "Score added when at least one \(kind.rawValue) finding is made.")
        }

    init(_ configuration: PluginConfiguration) throws {
        threshold = try configuration.decimal("phi_threshold")
        identifierScoreMax = try configuration.decimal("phi_identifier_score_max")
        healthScoreMax = try configuration.decimal("phi_health_score_max")
        var weights = [Double](repeating: 0, count: PHIKind.allCases.count)
        for kind in PHISettings.weightedKinds {
            weights[kind.ordinal] = try configuration.decimal("phi_weight_" + kind.detectorName)
        }
        self.weightTable = weights
        subjectTriggers = try configuration.list("phi_subject_triggers")
        bodyTriggers = try configuration.list("phi_body_triggers")
        maxScanSize = try configuration.integer("phi_max_scan_size")
        unscannedIsSensitive = try configuration.boolean("phi_unscanned_is_sensitive")
        unscannedPolicy = try UnscannedPolicy(configuration)
        dictionaryFiles = try configuration.list("phi_dictionary_files")
        auditRedacted = try configuration.boolean("phi_audit_redacted")
        addHeader = try configuration.boolean("phi_add_header")
        try validate()
    }

    private func validate() throws(ConfigError) {
        guard threshold > 0 else {
            throw .unusable(
                key: "phi_threshold", value: PHISettings.format(threshold),
                reason: "use a score above 0, or every message would carry PHI")
        }
        let highestScore = identifierScoreMax + healthScoreMax
        guard threshold <= highestScore else {
            throw .unusable(
                key: "phi_threshold", value: PHISettings.format(threshold),
                reason: "no score can reach it, because phi_identifier_score_max plus "
                    + "phi_health_score_max is \(PHISettings.format(highestScore)); lower the "
                    + "threshold or raise those limits")
        }
        // Scan records store byte offsets as 32-bit integers.
        guard maxScanSize <= 1 << 30 else {
            throw .unusable(
                key: "phi_max_scan_size", value: String(maxScanSize),
                reason: "use at most 1g; larger text views are reported as unscanned")
        }
        for kind in PHISettings.weightedKinds where weight(of: kind) < 0 {
            let weight = weight(of: kind)
            throw .unusable(
                key: "phi_weight_" + kind.detectorName, value: PHISettings.format(weight),
                reason: "use a weight of 0 or more")
        }
    }

    /// Returns the weight of `kind` in the score, or 0 for kinds without a weight key.
    func weight(of kind: PHIKind) -> Double {
        weightTable[kind.ordinal]
    }

    /// Writes a score as `7` when it is whole and as `2.5` otherwise.
    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
