import Mail
import PluginAPI

/// Gathers the detections of all text views of a message, applies the patient-context
/// rule, and computes the assessment.
struct DetectionCollector {
    /// A detection and where it was made. The struct holds no references, so arrays of it
    /// copy as plain memory.
    private struct Located {
        var detection: Detection
        /// Index into `partPaths`.
        var part: Int
        /// Index into `redactions`, or -1.
        var redaction: Int = -1
    }

    let settings: PHISettings
    private var located: [Located] = []
    private var partPaths: [String] = []
    private var redactions: [String] = []
    private var unscanned: [(partPath: String, reason: String)] = []
    private var triggers: [(partPath: String, offset: Int, rule: String)] = []
    private var lowConfidence: [PHIKind: Int] = [:]
    private var scannedBytes = 0

    /// Kinds that count only when the message has patient context: phone numbers,
    /// addresses and places are everywhere in business mail.
    static let needPatientContext = KindSet([.phone, .address, .location])
    /// Kinds that are patient context by themselves: record and health-plan numbers.
    static let implyPatientContext = KindSet([.mrn, .mbi, .memberID])
    /// Identifiers that single out a person without further context.
    static let strongIdentifiers = KindSet([
        .ssn, .dob, .mbi, .mrn, .memberID, .ageOver89, .creditCard, .account,
    ])
    static let clinicalKinds = KindSet([.icd10, .diagnosis, .ndc, .drug, .procedure])

    init(settings: PHISettings) {
        self.settings = settings
    }

    mutating func add(_ findings: ViewFindings, view: TextView, scannedBytes: Int) {
        self.scannedBytes += scannedBytes
        let part = partPaths.count
        partPaths.append(view.partPath)
        located.reserveCapacity(located.count + findings.detections.count)
        for detection in findings.detections {
            var entry = Located(detection: detection, part: part)
            if settings.auditRedacted, detection.end <= view.text.count,
                let redacted = Redaction.redact(
                    view.text[detection.start..<detection.end], kind: detection.kind)
            {
                entry.redaction = redactions.count
                redactions.append(redacted)
            }
            located.append(entry)
        }
        if !findings.lowConfidence.isEmpty {
            lowConfidence.merge(findings.lowConfidence, uniquingKeysWith: +)
        }
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
        var kinds = KindSet()
        for entry in kept { kinds.insert(entry.detection.kind) }
        let score = PHIScore(kinds: kinds, settings: settings)

        var reasons: [String] = []
        if score.total >= settings.threshold { reasons.append("score") }
        if !triggers.isEmpty { reasons.append("trigger") }
        if !unscanned.isEmpty && settings.unscannedIsSensitive { reasons.append("unscanned") }

        if !unscanned.isEmpty { kinds.insert(.unscanned) }
        if !triggers.isEmpty { kinds.insert(.trigger) }
        return PHIAssessment(
            isSensitive: !reasons.isEmpty, score: score.total, reasons: reasons,
            kinds: kinds.kinds.filter(\.isReported), groups: group(kept) + specialGroups(),
            lowConfidence: lowConfidence, scannedBytes: scannedBytes)
    }

    /// Returns the detections that count. A medical record, Medicare or member number, or
    /// a name after a patient label, is patient context and adds a marker. Without patient
    /// context, phone numbers, addresses, places and names after generic labels are dropped,
    /// unless a strong identifier and clinical information show the person is a patient.
    private func keptDetections() -> [Located] {
        var kinds = KindSet()
        for entry in located { kinds.insert(entry.detection.kind) }
        let hasMarker = kinds.contains(.patientContext)
        let evidence =
            located.first { DetectionCollector.implyPatientContext.contains($0.detection.kind) }
            ?? located.first { $0.detection.kind == .name && !$0.detection.needsPatientContext }

        var kept = located
        if !hasMarker, var marker = evidence {
            marker.detection = Detection(
                .patientContext, start: marker.detection.start, end: marker.detection.end)
            marker.redaction = -1
            kept.append(marker)
        }
        let healthAboutPerson =
            kinds.intersects(DetectionCollector.strongIdentifiers)
            && kinds.intersects(DetectionCollector.clinicalKinds)
        guard !hasMarker && evidence == nil && !healthAboutPerson else { return kept }
        return kept.filter {
            !DetectionCollector.needPatientContext.contains($0.detection.kind)
                && !$0.detection.needsPatientContext
        }
    }

    private func group(_ kept: [Located]) -> [PHIAssessment.FindingGroup] {
        let variants = Detection.Variant.allCases.count
        var slots = [Int](repeating: -1, count: PHIKind.allCases.count * variants)
        var groups: [PHIAssessment.FindingGroup] = []
        for entry in kept {
            let slot = entry.detection.kind.ordinal * variants + entry.detection.variant.rawValue
            if slots[slot] < 0 {
                slots[slot] = groups.count
                groups.append(
                    PHIAssessment.FindingGroup(
                        kind: entry.detection.kind, rule: entry.detection.rule, count: 0,
                        locations: [], redacted: [], reasons: []))
            }
            let index = slots[slot]
            groups[index].count += 1
            guard groups[index].locations.count < PHIDetector.maxLocations else { continue }
            groups[index].locations.append(
                FindingLocation(
                    partPath: partPaths[entry.part], offset: entry.detection.start,
                    length: entry.detection.end - entry.detection.start))
            if entry.redaction >= 0 { groups[index].redacted.append(redactions[entry.redaction]) }
        }
        return groups.sorted { $0.kind < $1.kind }
    }

    private func specialGroups() -> [PHIAssessment.FindingGroup] {
        var groups: [PHIAssessment.FindingGroup] = []
        if !unscanned.isEmpty {
            let locations = unscanned.prefix(PHIDetector.maxLocations).map {
                FindingLocation(partPath: $0.partPath, offset: 0, length: 0)
            }
            groups.append(
                PHIAssessment.FindingGroup(
                    kind: .unscanned, rule: "phi.unscanned", count: unscanned.count,
                    locations: locations, redacted: [], reasons: unscanned.map(\.reason)))
        }
        for trigger in triggers {
            let location = FindingLocation(
                partPath: trigger.partPath, offset: trigger.offset, length: 0)
            groups.append(
                PHIAssessment.FindingGroup(
                    kind: .trigger, rule: trigger.rule, count: 1, locations: [location],
                    redacted: [], reasons: []))
        }
        return groups
    }
}
