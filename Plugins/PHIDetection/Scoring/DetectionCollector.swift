import Mail
import PluginAPI

/// Gathers the detections of all text views of a message, applies the patient-context
/// rule, and computes the assessment.
struct DetectionCollector {
    let settings: PHISettings
    private var located: [(detection: Detection, partPath: String, redacted: String?)] = []
    private var unscanned: [(partPath: String, reason: String)] = []
    private var triggers: [(partPath: String, offset: Int, rule: String)] = []
    private var lowConfidence: [PHIKind: Int] = [:]
    private var scannedBytes = 0

    /// Kinds that count only when the message has patient context: phone numbers,
    /// addresses and places are everywhere in business mail.
    static let needPatientContext: Set<PHIKind> = [.phone, .address, .location]
    /// Kinds that are patient context by themselves: record and health-plan numbers.
    static let implyPatientContext: Set<PHIKind> = [.mrn, .mbi, .memberID]

    init(settings: PHISettings) {
        self.settings = settings
    }

    mutating func add(_ findings: ViewFindings, view: TextView, scannedBytes: Int) {
        self.scannedBytes += scannedBytes
        for detection in findings.detections {
            var redacted: String?
            if settings.auditRedacted, detection.end <= view.text.count {
                redacted = Redaction.redact(
                    view.text[detection.start..<detection.end], kind: detection.kind)
            }
            located.append((detection, view.partPath, redacted))
        }
        lowConfidence.merge(findings.lowConfidence, uniquingKeysWith: +)
    }

    mutating func addUnscanned(partPath: String, reason: String) {
        unscanned.append((partPath, reason))
    }

    mutating func addTrigger(partPath: String, offset: Int, rule: String) {
        triggers.append((partPath, offset, rule))
    }

    /// Decides which detections count, scores them and groups them by kind and rule.
    func assessment() -> PHIAssessment {
        let kept = keptDetections()
        var groups = group(kept)
        groups.append(contentsOf: specialGroups())

        let scoredKinds = Set(kept.map(\.detection.kind))
        let score = PHIScore(kinds: scoredKinds, settings: settings)
        var reasons: [String] = []
        if score.total >= settings.threshold { reasons.append("score") }
        if !triggers.isEmpty { reasons.append("trigger") }
        if !unscanned.isEmpty && settings.unscannedIsSensitive { reasons.append("unscanned") }

        let kinds = Set(groups.map(\.kind)).filter(\.isReported).sorted()
        return PHIAssessment(
            isSensitive: !reasons.isEmpty, score: score.total, reasons: reasons, kinds: kinds,
            groups: groups, lowConfidence: lowConfidence, scannedBytes: scannedBytes)
    }

    /// Returns the detections that count. A medical record, Medicare or member number, or
    /// a name after a patient label, is patient context and adds a marker; without patient
    /// context, phone numbers, addresses, places and names after generic labels are dropped.
    private func keptDetections()
        -> [(detection: Detection, partPath: String, redacted: String?)]
    {
        let hasMarker = located.contains { $0.detection.kind == .patientContext }
        let evidence = located.first {
            DetectionCollector.implyPatientContext.contains($0.detection.kind)
        } ?? located.first { $0.detection.kind == .name && !$0.detection.needsPatientContext }

        var kept = located
        if !hasMarker, var marker = evidence {
            marker.detection = Detection(
                .patientContext, start: marker.detection.start, end: marker.detection.end)
            marker.redacted = nil
            kept.append(marker)
        }
        guard !hasMarker && evidence == nil && !hasHealthInformationAboutPerson() else {
            return kept
        }
        return kept.filter {
            !DetectionCollector.needPatientContext.contains($0.detection.kind)
                && !$0.detection.needsPatientContext
        }
    }

    /// Returns true when the message has both a strong identifier of a person and clinical
    /// information, as in a disability claim that gives an SSN and a diagnosis: the person
    /// is then a patient even when no word says so.
    private func hasHealthInformationAboutPerson() -> Bool {
        let kinds = Set(located.map(\.detection.kind))
        return !kinds.isDisjoint(with: DetectionCollector.strongIdentifiers)
            && !kinds.isDisjoint(with: [.icd10, .diagnosis, .ndc, .drug, .procedure])
    }

    /// Identifiers that single out a person without further context.
    static let strongIdentifiers: Set<PHIKind> = [
        .ssn, .dob, .mbi, .mrn, .memberID, .ageOver89, .creditCard, .account,
    ]

    private func group(_ kept: [(detection: Detection, partPath: String, redacted: String?)])
        -> [PHIAssessment.FindingGroup]
    {
        var order: [String] = []
        var groups: [String: PHIAssessment.FindingGroup] = [:]
        for entry in kept {
            let key = entry.detection.rule
            if groups[key] == nil {
                order.append(key)
                groups[key] = PHIAssessment.FindingGroup(
                    kind: entry.detection.kind, rule: key, count: 0, locations: [],
                    redacted: [], reasons: [])
            }
            groups[key]?.count += 1
            if (groups[key]?.locations.count ?? 0) < PHIDetector.maxLocations {
                groups[key]?.locations.append(
                    FindingLocation(
                        partPath: entry.partPath, offset: entry.detection.start,
                        length: entry.detection.end - entry.detection.start))
                if let redacted = entry.redacted { groups[key]?.redacted.append(redacted) }
            }
        }
        return order.compactMap { groups[$0] }.sorted { $0.kind < $1.kind }
    }

    private func specialGroups() -> [PHIAssessment.FindingGroup] {
        var groups: [PHIAssessment.FindingGroup] = []
        if !unscanned.isEmpty {
            groups.append(
                PHIAssessment.FindingGroup(
                    kind: .unscanned, rule: "phi.unscanned", count: unscanned.count,
                    locations: unscanned.prefix(PHIDetector.maxLocations).map {
                        FindingLocation(partPath: $0.partPath, offset: 0, length: 0)
                    }, redacted: [], reasons: unscanned.map(\.reason)))
        }
        for trigger in triggers {
            groups.append(
                PHIAssessment.FindingGroup(
                    kind: .trigger, rule: trigger.rule, count: 1,
                    locations: [
                        FindingLocation(partPath: trigger.partPath, offset: trigger.offset, length: 0)
                    ], redacted: [], reasons: []))
        }
        return groups
    }
}
