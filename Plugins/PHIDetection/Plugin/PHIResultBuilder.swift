import Mail
import PluginAPI

/// Turns an assessment into what the engine consumes: findings, the summary finding, the
/// header actions and the replay fields.
struct PHIResultBuilder {
    let settings: PHISettings

    func result(for assessment: PHIAssessment, headers: [HeaderField]) -> StageResult {
        var findings = assessment.groups.map(finding)
        if !assessment.exempted.isEmpty {
            findings.append(exemptFinding(assessment.exempted))
        }
        findings.append(summary(assessment))
        if assessment.isSensitive {
            findings.append(sensitive(assessment))
        }

        var rules: [String] = []
        if assessment.reasons.contains("score") { rules.append("phi.detected") }
        if assessment.reasons.contains("trigger") { rules.append("phi.trigger") }
        if assessment.reasons.contains("unscanned") { rules.append("phi.unscanned") }

        return StageResult(
            actions: settings.addHeader ? headerActions(assessment, headers: headers) : [],
            findings: findings, rules: rules, report: report(assessment))
    }

    private func finding(_ group: PHIAssessment.FindingGroup) -> Finding {
        var attributes: [String: String] = [:]
        if !group.redacted.isEmpty {
            attributes["redacted"] = group.redacted.joined(separator: ",")
        }
        if !group.reasons.isEmpty { attributes["reason"] = group.reasons.joined(separator: "; ") }
        return Finding(
            plugin: PHIDetection.name, rule: group.rule, kind: group.kind.rawValue,
            count: group.count, score: settings.weight(of: group.kind),
            locations: Array(group.locations),
            attributes: attributes)
    }

    /// Builds the finding of the unscanned images that `phi_unscanned_exempt_types`
    /// exempts, with their declared types and decoded sizes in bytes, in the order of the
    /// locations.
    private func exemptFinding(_ exempted: [UnscannedContent]) -> Finding {
        let listed = exempted.prefix(PHIDetector.maxLocations)
        return Finding(
            plugin: PHIDetection.name, rule: "phi.unscanned_exempt", kind: "UNSCANNED_EXEMPT",
            count: exempted.count,
            locations: listed.map { FindingLocation(partPath: $0.partPath, offset: 0, length: 0) },
            attributes: [
                "types": listed.map { $0.part?.contentType ?? "" }.joined(separator: ","),
                "sizes": listed.map { String($0.part?.decodedSize ?? 0) }.joined(separator: ","),
            ])
    }

    /// Builds the summary finding. Its attribute `sensitive` is `yes` or `no`, `score` is
    /// the score, and `kinds` and `reasons` list what was found and why it is sensitive.
    private func summary(_ assessment: PHIAssessment) -> Finding {
        Finding(
            plugin: PHIDetection.name, rule: PHIDetection.summaryRule, kind: "PHI_SUMMARY",
            count: 1, score: assessment.score,
            attributes: [
                "sensitive": assessment.isSensitive ? "yes" : "no",
                "score": PHISettings.format(assessment.score),
                "threshold": PHISettings.format(settings.threshold),
                "kinds": assessment.kinds.map(\.rawValue).joined(separator: ","),
                "reasons": assessment.reasons.joined(separator: ","),
            ])
    }

    /// Builds the finding of kind `SharedFindingKind.sensitive` that tells later plugins,
    /// such as auto_encrypt_redirect, to protect the message.
    private func sensitive(_ assessment: PHIAssessment) -> Finding {
        Finding(
            plugin: PHIDetection.name, rule: "phi.sensitive", kind: SharedFindingKind.sensitive,
            count: 1, score: assessment.score,
            attributes: [
                "reasons": assessment.reasons.map { $0 == "score" ? "phi" : $0 }
                    .joined(separator: ","),
                "score": PHISettings.format(assessment.score),
            ])
    }

    /// Adds the `X-TLSGuard-PHI` field. Fields of that name that arrived with the message
    /// are deleted by the engine, which removes every incoming `X-TLSGuard-*` field.
    private func headerActions(_ assessment: PHIAssessment, headers: [HeaderField])
        -> [MessageAction]
    {
        [.addHeader(name: PHIDetection.headerName, value: headerValue(assessment))]
    }

    /// `yes detectors=ssn,icd10 score=7`, or `no` for a message that is not sensitive.
    func headerValue(_ assessment: PHIAssessment) -> String {
        guard assessment.isSensitive else { return "no" }
        let detectors = assessment.kinds.map(\.detectorName).joined(separator: ",")
        var value = "yes"
        if !detectors.isEmpty { value += " detectors=" + detectors }
        return value + " score=" + PHISettings.format(assessment.score)
    }

    private func report(_ assessment: PHIAssessment) -> [(key: String, value: ReportValue)] {
        let score: ReportValue =
            assessment.score == assessment.score.rounded()
            ? .int(Int(assessment.score)) : .double(assessment.score)
        let kinds = assessment.isSensitive ? assessment.kinds.map(\.rawValue) : []
        var fields: [(key: String, value: ReportValue)] = [
            (key: "phi", value: .bool(assessment.isSensitive)),
            (key: "phi_score", value: score),
            (key: "phi_kinds", value: .array(kinds.map { .string($0) })),
        ]
        if !assessment.exempted.isEmpty {
            fields.append((key: "phi_unscanned_exempt", value: exemptReport(assessment.exempted)))
        }
        return fields
    }

    /// Lists the exempt images as `{"path", "type", "size"}` objects, so that the replay
    /// output and the audit trail show what was not scanned and why it did not count.
    private func exemptReport(_ exempted: [UnscannedContent]) -> ReportValue {
        .array(
            exempted.map { entry in
                .object([
                    ("path", .string(entry.partPath)),
                    ("type", .string(entry.part?.contentType ?? "")),
                    ("size", .int(entry.part?.decodedSize ?? 0)),
                ])
            })
    }
}
