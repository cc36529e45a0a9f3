import Mail
import PluginAPI
import Testing

@testable import PHIDetection

/// The collector counts detections by kind and rule as they arrive. These tests compare
/// its groups with a grouping that keeps every detection, applies the patient-context rule
/// to the whole list and groups it at the end, on random detections.
@Suite struct CollectorTests {
    /// A detection with the path of its part and its redacted value.
    struct Located {
        var detection: Detection
        var partPath: String
        var redacted: String?
    }

    /// Returns the groups of `located` by keeping every detection until the end.
    static func referenceGroups(_ located: [Located]) -> [PHIAssessment.FindingGroup] {
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
            marker.redacted = nil
            kept.append(marker)
        }
        let healthAboutPerson =
            kinds.intersects(DetectionCollector.strongIdentifiers)
            && kinds.intersects(DetectionCollector.clinicalKinds)
        if !hasMarker && evidence == nil && !healthAboutPerson {
            kept = kept.filter {
                !DetectionCollector.needPatientContext.contains($0.detection.kind)
                    && !$0.detection.needsPatientContext
            }
        }
        return group(kept)
    }

    private static func group(_ kept: [Located]) -> [PHIAssessment.FindingGroup] {
        var groups: [PHIAssessment.FindingGroup] = []
        for entry in kept {
            let detection = entry.detection
            var index = groups.firstIndex { $0.rule == detection.rule && $0.kind == detection.kind }
            if index == nil {
                groups.append(
                    PHIAssessment.FindingGroup(
                        kind: detection.kind, rule: detection.rule, count: 0, locations: [],
                        redacted: [], reasons: []))
                index = groups.count - 1
            }
            guard let index else { continue }
            groups[index].count += 1
            guard groups[index].locations.count < PHIDetector.maxLocations else { continue }
            groups[index].locations.append(
                FindingLocation(
                    partPath: entry.partPath, offset: detection.start,
                    length: detection.end - detection.start))
            if let redacted = entry.redacted { groups[index].redacted.append(redacted) }
        }
        return groups.sorted { $0.kind < $1.kind }
    }

    static let detectedKinds = PHIKind.allCases.filter { $0 != .unscanned && $0 != .trigger }

    /// Returns random detections in random views, weighted towards the kinds that the
    /// patient-context rule treats specially.
    static func randomMessage(_ random: inout RandomText) -> [(TextView, [Detection])] {
        let text = Array("Patient Ana Lopez 643-28-1590 (617) 555-0142 E11.9 01/02/1960".utf8)
        let paths = ["1", "2", "1.2"]
        var views: [(TextView, [Detection])] = []
        for index in 0..<(1 + random.next(3)) {
            var detections: [Detection] = []
            for _ in 0..<random.next(60) {
                let kinds: [PHIKind] =
                    random.next(2) == 0
                    ? [.name, .phone, .address, .location, .diagnosis, .drug]
                    : detectedKinds
                var detection = Detection(
                    kinds[random.next(kinds.count)], start: random.next(40), end: 0)
                detection.end = detection.start + 1 + random.next(text.count - detection.start - 1)
                if detection.kind == .ssn && random.next(3) == 0 { detection.variant = .itin }
                if detection.kind == .procedure && random.next(3) == 0 { detection.variant = .cpt }
                detection.needsPatientContext = detection.kind == .name && random.next(2) == 0
                detections.append(detection)
            }
            views.append((TextView(partPath: paths[index], kind: .plain, text: text), detections))
        }
        return views
    }

    @Test(arguments: [false, true])
    func talliedGroupsMatchReference(redacted: Bool) throws {
        let configuration = try PluginConfiguration(
            descriptor: PHIDetection.descriptor,
            overrides: ["phi_audit_redacted": redacted ? "yes" : "no"])
        let settings = try PHISettings(configuration)
        var random = RandomText(seed: redacted ? 5 : 6)
        for round in 0..<400 {
            var collector = DetectionCollector(settings: settings)
            var located: [Located] = []
            for (view, detections) in CollectorTests.randomMessage(&random) {
                var findings = ViewFindings()
                findings.detections = detections
                collector.add(findings, view: view, scannedBytes: view.text.count)
                for detection in detections {
                    let value = view.text[detection.start..<detection.end]
                    located.append(
                        Located(
                            detection: detection, partPath: view.partPath,
                            redacted: redacted
                                ? Redaction.redact(value, kind: detection.kind) : nil))
                }
            }
            let got = collector.assessment().groups
            let want = CollectorTests.referenceGroups(located)
            #expect(got == want, "round \(round): got \(got.count) groups, want \(want.count)")
        }
    }

    /// Without redacted values the collector adds the detections of a view in one loop
    /// over pointers; with them, one detection at a time. Both must count the same.
    @Test func pointerLoopMatchesPerDetectionAdd() throws {
        let plainSettings = try PHISettings(
            PluginConfiguration(
                descriptor: PHIDetection.descriptor, overrides: ["phi_audit_redacted": "yes"]))
        let fastSettings = try PHISettings(
            PluginConfiguration(
                descriptor: PHIDetection.descriptor, overrides: ["phi_audit_redacted": "no"]))
        var random = RandomText(seed: 11)
        for round in 0..<400 {
            var plain = DetectionCollector(settings: plainSettings)
            var fast = DetectionCollector(settings: fastSettings)
            for (view, detections) in CollectorTests.randomMessage(&random) {
                var findings = ViewFindings()
                findings.detections = detections
                plain.add(findings, view: view, scannedBytes: view.text.count)
                fast.add(findings, view: view, scannedBytes: view.text.count)
            }
            let want = plain.assessment()
            let got = fast.assessment()
            var wantGroups = want.groups
            for index in wantGroups.indices { wantGroups[index].redacted = [] }
            #expect(got.groups == wantGroups, "round \(round)")
            #expect(got.score == want.score, "round \(round)")
            #expect(got.kinds == want.kinds, "round \(round)")
            #expect(got.isSensitive == want.isSensitive, "round \(round)")
        }
    }

    @Test func groupKeepsFirstTwentyLocations() throws {
        let configuration = try PluginConfiguration(descriptor: PHIDetection.descriptor)
        var collector = DetectionCollector(settings: try PHISettings(configuration))
        var findings = ViewFindings()
        findings.detections = (0..<25).map { Detection(.mrn, start: $0, end: $0 + 1) }
        let view = TextView(partPath: "1", kind: .plain, text: Array(repeating: 0x31, count: 30))
        collector.add(findings, view: view, scannedBytes: 30)
        let groups = collector.assessment().groups.filter { $0.kind == .mrn }
        #expect(groups.count == 1)
        #expect(groups.first?.count == 25)
        #expect(groups.first?.locations.map(\.offset) == Array(0..<20))
    }
}

/// Tables indexed by kind rely on `PHIKind.ordinal` following the order of `allCases`.
@Suite struct KindOrderTests {
    @Test func ordinalIsPositionInAllCases() {
        for (index, kind) in PHIKind.allCases.enumerated() {
            #expect(kind.ordinal == index, "\(kind)")
        }
    }

    @Test func countsListOnlyCountedKinds() {
        var counts = KindCounts()
        counts.add(.npi)
        counts.add(.ssn, 2)
        var other = KindCounts()
        other.add(.ssn)
        counts.add(other)
        let listed = PHIKindCounts(counts)
        #expect(listed.map(\.key) == [.ssn, .npi])
        #expect(listed.map(\.value) == [3, 1])
        #expect(listed.count == 2)
        #expect(listed[.ssn] == 3)
        #expect(listed[.dea] == 0)
        #expect(PHIKindCounts(KindCounts()).isEmpty)
        #expect(Array(PHIKindCounts(KindCounts())).isEmpty)
    }

    @Test func kindListReadsTheMaskInOrder() {
        let list = PHIKindList(KindSet([.trigger, .ssn, .drug]))
        #expect(Array(list) == [.ssn, .drug, .trigger])
        #expect(list.count == 3)
        #expect(list.description == "[SSN, DRUG, TRIGGER]")
        #expect(Array(PHIKindList(KindSet())).isEmpty)
        let reasons = PHIAssessment.Reasons([.unscanned, .score])
        #expect(Array(reasons) == ["score", "unscanned"])
        #expect(reasons.joined(separator: ",") == "score,unscanned")
    }
}
