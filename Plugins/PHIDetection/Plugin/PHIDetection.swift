import Logging
import PluginAPI

/// Registration of the PHI detection plugin. The engine registers `descriptor` statically.
public enum PHIDetection {
    /// The plugin's name in the `plugins` key, logs and findings.
    public static let name = "phi_detection"
    /// The header added to every message when `phi_add_header = yes`.
    public static let headerName = "X-TLSGuard-PHI"
    /// The rule of the summary finding that later plugins read.
    public static let summaryRule = "phi.summary"

    public static let descriptor = PluginDescriptor(
        name: name,
        summary: "Finds protected health information in the decoded text of a message",
        configKeys: PHISettings.configKeys,
        runsAfter: ["tls_requirement"],
        runsBefore: ["auto_encrypt_redirect"],
        failurePolicy: .tempfail,
        timeBudget: .seconds(10),
        make: { configuration in
            try PHIDetectionPlugin(detector: PHIDetector(configuration: configuration))
        })
}

/// The rule plugin: assesses the message at end of message and reports findings, a
/// summary, the `X-TLSGuard-PHI` header and the replay fields `phi`, `phi_score` and
/// `phi_kinds`. It never decides the verdict; the auto-encrypt plugin acts on its summary.
public final class PHIDetectionPlugin: RulePlugin {
    let detector: PHIDetector

    public init(detector: PHIDetector) {
        self.detector = detector
    }

    public func endOfMessage(_ context: MessageContext) throws -> StageResult {
        let assessment = detector.assess(context.message)
        let result = PHIResultBuilder(settings: detector.settings)
            .result(for: assessment, headers: context.headers)
        log(assessment, logger: context.logger)
        return result
    }

    /// Logs the assessment at debug level: score, kinds and counts, never a value.
    private func log(_ assessment: PHIAssessment, logger: Logger) {
        guard logger.isEnabled(.debug) else { return }
        var metadata: LogMetadata = [
            "phi": assessment.isSensitive ? "yes" : "no",
            "score": PHISettings.format(assessment.score),
            "kinds": assessment.kinds.map(\.rawValue).joined(separator: ","),
            "bytes": String(assessment.scannedBytes),
        ]
        if !assessment.exempted.isEmpty {
            metadata.append("exempt", String(assessment.exempted.count))
        }
        if !assessment.lowConfidence.isEmpty {
            let counts = assessment.lowConfidence.sorted { $0.key < $1.key }
                .map { "\($0.key.rawValue):\($0.value)" }
            metadata.append("low_confidence", counts.joined(separator: ","))
        }
        logger.debug("phi scanned", metadata)
    }
}
