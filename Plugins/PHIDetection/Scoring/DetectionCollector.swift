import Mail
import PluginAPI

/// Gathers the detections of all text views of a message, applies the patient-context
/// rule, and computes the assessment.
///
/// Detections are tallied by kind and rule as they arrive (`GroupTally`), so the work per
/// detection is a count and, for the first few of each group, a location.
struct DetectionCollector {
    let settings: PHISettings
    /// The tallies and their locations, in arrays that the caller can reuse.
    private var storage: CollectorStorage
    private var unscanned: [(partPath: String, reason: String)] = []
    private var triggers: [(partPath: String, offset: Int, rule: String)] = []
    private var lowConfidence = KindCounts()
    private var scannedBytes = 0
    /// The number of detections added so far.
    private var sequence = 0
    /// The key and index of the tally that the last detection went to.
    private var lastTally = (key: -1, index: 0)
    /// The kinds of every detection.
    private var allKinds = KindSet()
    /// The first medical record, Medicare or member number, and the first name after a
    /// patient label: the evidence of patient context, in that order of preference.
    private var firstImplyingContext: LocationEntry?
    private var firstPatientName: LocationEntry?

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

    /// Creates a collector that keeps its tallies in `storage`, whose arrays must be
    /// empty.
    init(settings: PHISettings, storage: CollectorStorage = CollectorStorage()) {
        self.settings = settings
        self.storage = storage
    }

    mutating func add(_ findings: ViewFindings, view: TextView, scannedBytes: Int) {
        self.scannedBytes += scannedBytes
        let part = storage.partPaths.count
        storage.partPaths.append(view.partPath)
        // The kind sets are globals, read once here rather than once per detection.
        let kinds = (
            needContext: DetectionCollector.needPatientContext,
            implyContext: DetectionCollector.implyPatientContext
        )
        if settings.auditRedacted {
            for detection in findings.detections {
                add(detection, part: part, text: view.text, kinds: kinds)
            }
        } else {
            addUnredacted(findings.detections, part: part, kinds: kinds)
        }
        lowConfidence.add(findings.lowConfidence)
    }

    /// Adds `detections` as `add(_:part:text:kinds:)` does when no redacted values are
    /// kept, with the tallies reached through a pointer.
    ///
    /// The tallies of all detections are created first, in the order of their first
    /// detection as `add` would create them, so that the array of tallies does not grow
    /// while the pointer is in use.
    private mutating func addUnredacted(
        _ detections: [Detection], part: Int, kinds: (needContext: KindSet, implyContext: KindSet)
    ) {
        // A view without detections, such as plain prose, skips the setup below.
        guard !detections.isEmpty else { return }
        for detection in detections {
            let key = DetectionCollector.tallyKey(detection.kind, detection.variant)
            if storage.tally(ofKey: key) == nil {
                _ = tallyIndex(kind: detection.kind, variant: detection.variant)
            }
        }

        // The tallies and entries move into locals, so that the loop does not access
        // `self` while it changes them.
        var tallies: [GroupTally] = []
        var entries: [LocationEntry] = []
        swap(&tallies, &storage.tallies)
        swap(&entries, &storage.entries)
        // At most `maxLocations` entries are stored per key, however many detections come.
        let newEntries = min(
            detections.count, PHIDetector.maxLocations * CollectorStorage.keyCount)
        entries.reserveCapacity(entries.count + newEntries)
        var facts = (
            sequence: sequence, allKinds: allKinds, firstImplyingContext: firstImplyingContext,
            firstPatientName: firstPatientName
        )
        tallies.withUnsafeMutableBufferPointer { tallies in
            for detection in detections {
                let kind = detection.kind
                let key = DetectionCollector.tallyKey(kind, detection.variant)
                // Every key has a tally from the loop above.
                guard let index = storage.tally(ofKey: key) else { continue }
                let needsContext =
                    kinds.needContext.contains(kind) || detection.needsPatientContext
                let stores = tallies[index].add(
                    needsContext: needsContext, sequence: facts.sequence)
                facts.sequence += 1
                let entry = LocationEntry(
                    part: Int32(part), offset: detection.start,
                    length: detection.end - detection.start, tally: index)
                if stores { entries.append(entry) }

                facts.allKinds.insert(kind)
                if facts.firstImplyingContext == nil && kinds.implyContext.contains(kind) {
                    facts.firstImplyingContext = entry
                }
                if facts.firstPatientName == nil && kind == .name
                    && !detection.needsPatientContext
                {
                    facts.firstPatientName = entry
                }
            }
        }
        swap(&tallies, &storage.tallies)
        swap(&entries, &storage.entries)
        (sequence, allKinds, firstImplyingContext, firstPatientName) = facts
    }

    private mutating func add(
        _ detection: Detection, part: Int, text: [UInt8],
        kinds: (needContext: KindSet, implyContext: KindSet)
    ) {
        let kind = detection.kind
        let needsContext = kinds.needContext.contains(kind) || detection.needsPatientContext
        let index = tallyIndex(kind: kind, variant: detection.variant)
        var entry = LocationEntry(
            part: Int32(part), offset: detection.start, length: detection.end - detection.start,
            tally: index)
        if storage.tallies[index].add(needsContext: needsContext, sequence: sequence) {
            if settings.auditRedacted, detection.end <= text.count,
                let redacted = Redaction.redact(text[detection.start..<detection.end], kind: kind)
            {
                entry.redaction = Int32(storage.redactions.count)
                storage.redactions.append(redacted)
            }
            storage.entries.append(entry)
        }
        sequence += 1

        allKinds.insert(kind)
        if firstImplyingContext == nil && kinds.implyContext.contains(kind) {
            firstImplyingContext = entry
        }
        if firstPatientName == nil && kind == .name && !detection.needsPatientContext {
            firstPatientName = entry
        }
    }

    /// Returns the index of the tally of `kind` and `variant`, adding it when it is new.
    private mutating func tallyIndex(kind: PHIKind, variant: Detection.Variant) -> Int {
        let key = DetectionCollector.tallyKey(kind, variant)
        // Detections of one kind often come in a row, such as the terms of a newsletter.
        if key == lastTally.key { return lastTally.index }
        if let index = storage.tally(ofKey: key) {
            lastTally = (key, index)
            return index
        }
        storage.addTallyKey(key)
        storage.tallies.append(GroupTally(kind: kind, variant: variant))
        lastTally = (key, storage.tallies.count - 1)
        return lastTally.index
    }

    /// Returns the key of the tally of `kind` and `variant` in `CollectorStorage`.
    @inline(__always)
    private static func tallyKey(_ kind: PHIKind, _ variant: Detection.Variant) -> Int {
        kind.ordinal * Detection.Variant.count + variant.rawValue
    }

    /// Returns the collector's arrays for reuse and leaves it empty.
    mutating func takeStorage() -> CollectorStorage {
        var taken = CollectorStorage()
        swap(&taken, &storage)
        return taken
    }

    mutating func addUnscanned(partPath: String, reason: String) {
        unscanned.append((partPath, reason))
    }

    mutating func addTrigger(partPath: String, offset: Int, rule: String) {
        triggers.append((partPath, offset, rule))
    }

    /// Decides which detections count, scores them and groups them by kind and rule.
    func assessment() -> PHIAssessment {
        let kept = keptGroups()
        var kinds = KindSet()
        for group in kept { kinds.insert(group.kind) }
        let score = PHIScore(kinds: kinds, settings: settings)

        var causes = PHIAssessment.Causes()
        if score.total >= settings.threshold { causes.insert(.score) }
        if !triggers.isEmpty { causes.insert(.trigger) }
        if !unscanned.isEmpty && settings.unscannedIsSensitive { causes.insert(.unscanned) }

        if !unscanned.isEmpty { kinds.insert(.unscanned) }
        if !triggers.isEmpty { kinds.insert(.trigger) }
        return PHIAssessment(
            isSensitive: !causes.isEmpty, score: score.total,
            groups: unscanned.isEmpty && triggers.isEmpty ? kept : kept + specialGroups(),
            scannedBytes: scannedBytes, causes: causes,
            kindSet: kinds.removing(.patientContext), lowConfidenceCounts: lowConfidence)
    }

    /// Returns the groups of the detections that count, by kind, and within a kind in the
    /// order their first detection arrived.
    ///
    /// A medical record, Medicare or member number, or a name after a patient label, is
    /// patient context and adds a marker. Without patient context, phone numbers,
    /// addresses, places and names after generic labels are dropped, unless a strong
    /// identifier and clinical information show the person is a patient.
    ///
    /// Only names can be found both with and without a patient label. A name without one
    /// needs context, and a name with one is patient context. So when groups are dropped,
    /// every group with a detection that needs context has only such detections, and
    /// dropping whole groups drops exactly those detections.
    private func keptGroups() -> [PHIAssessment.FindingGroup] {
        let hasMarker = allKinds.contains(.patientContext)
        let evidence = firstImplyingContext ?? firstPatientName
        let healthAboutPerson =
            allKinds.intersects(DetectionCollector.strongIdentifiers)
            && allKinds.intersects(DetectionCollector.clinicalKinds)
        let keepsAll = hasMarker || evidence != nil || healthAboutPerson

        // Order the tallies by kind, then by their first detection, with one integer per
        // tally as the key, sorted in a buffer on the stack. The marker, when added, is
        // the only patient-context group and sorts after every kind before it.
        let addsMarker = !hasMarker && evidence != nil
        return withUnsafeTemporaryAllocation(
            of: UInt64.self, capacity: storage.tallies.count + 1
        ) { buffer in
            var count = 0
            for (index, tally) in storage.tallies.enumerated()
            where keepsAll || !tally.needsContext {
                buffer[count] = DetectionCollector.orderKey(
                    kind: tally.kind, firstSequence: tally.locations.firstSequence, tally: index)
                count += 1
            }
            if addsMarker {
                buffer[count] = DetectionCollector.orderKey(
                    kind: .patientContext, firstSequence: 0, tally: DetectionCollector.markerTally)
                count += 1
            }
            guard count > 0 else { return [] }
            var keys = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            keys.sort()
            return groups(keys: UnsafeBufferPointer(keys), marker: addsMarker ? evidence : nil)
        }
    }

    /// Returns the groups of the tallies and marker of `keys`, in that order.
    ///
    /// The locations of all groups go into one array, each group's in one run, and each
    /// group takes its slice, so that the groups share one allocation. A tally's stored
    /// locations are in the order they arrived, and so are they in its run.
    private func groups(keys: UnsafeBufferPointer<UInt64>, marker: LocationEntry?)
        -> [PHIAssessment.FindingGroup]
    {
        let markerSlot = storage.tallies.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: markerSlot + 1) { next in
            // Where the next location of each tally goes, or -1 for a dropped tally. The
            // last slot is the marker's.
            next.initialize(repeating: -1)
            var total = 0
            for key in keys {
                let slot = self.slot(ofKey: key)
                next[slot] = total
                total += storedCount(ofSlot: slot)
            }

            // The index of the entry of each location, in the order of the runs, and then
            // the locations in that order.
            let locations = withUnsafeTemporaryAllocation(of: Int32.self, capacity: total) {
                order in
                order.initialize(repeating: -1)
                for (index, entry) in storage.entries.enumerated()
                where next[Int(entry.tally)] >= 0 {
                    order[next[Int(entry.tally)]] = Int32(index)
                    next[Int(entry.tally)] += 1
                }
                var locations: [FindingLocation] = []
                locations.reserveCapacity(total)
                // The one place that no entry filled is the marker's.
                let unfilled =
                    marker.map(location) ?? FindingLocation(partPath: "", offset: 0, length: 0)
                for index in order {
                    let entry = index >= 0 ? location(storage.entries[Int(index)]) : unfilled
                    locations.append(entry)
                }
                return locations
            }
            if marker != nil { next[markerSlot] += 1 }

            var groups: [PHIAssessment.FindingGroup] = []
            groups.reserveCapacity(keys.count)
            for key in keys {
                let slot = self.slot(ofKey: key)
                let run = (next[slot] - storedCount(ofSlot: slot))..<next[slot]
                groups.append(findingGroup(slot: slot, locations: locations[run]))
            }
            return groups
        }
    }

    /// Returns the index of the tally of a sort key, or the number of tallies for the
    /// marker's key.
    private func slot(ofKey key: UInt64) -> Int {
        let tally = Int(key & 0xFF)
        return tally == DetectionCollector.markerTally ? storage.tallies.count : tally
    }

    /// Returns the number of locations stored for the tally at `slot`, or 1 for the
    /// marker's slot.
    private func storedCount(ofSlot slot: Int) -> Int {
        slot < storage.tallies.count ? storage.tallies[slot].locations.storedCount : 1
    }

    /// The tally index that a sort key carries for the patient-context marker. Real tally
    /// indices stay below it, because there are fewer keys of kind and variant.
    private static let markerTally = 0xFF

    /// Returns the finding location of a stored entry, with its part's path.
    private func location(_ entry: LocationEntry) -> FindingLocation {
        FindingLocation(
            partPath: storage.partPaths[Int(entry.part)], offset: entry.offset,
            length: Int(entry.length))
    }

    /// Returns the sort key of a tally: its kind, then the sequence number of its first
    /// detection, then its index, which is below 256 because there are fewer keys of kind
    /// and variant. Sequence numbers count the detections of one message, far below 2^48.
    private static func orderKey(kind: PHIKind, firstSequence: Int, tally: Int) -> UInt64 {
        UInt64(kind.ordinal) << 56 | UInt64(truncatingIfNeeded: firstSequence) << 8
            | UInt64(tally)
    }

    /// Returns the group of the tally or marker at `slot`, whose locations are `locations`.
    private func findingGroup(slot index: Int, locations: ArraySlice<FindingLocation>)
        -> PHIAssessment.FindingGroup
    {
        guard index < storage.tallies.count else {
            return PHIAssessment.FindingGroup(
                kind: .patientContext,
                rule: Detection.rule(kind: .patientContext, variant: .standard), count: 1,
                locations: locations, redacted: [], reasons: [])
        }
        let tally = storage.tallies[index]
        let redacted =
            storage.redactions.isEmpty
            ? []
            : storage.entries.filter { Int($0.tally) == index && $0.redaction >= 0 }
                .map { storage.redactions[Int($0.redaction)] }
        return PHIAssessment.FindingGroup(
            kind: tally.kind, rule: Detection.rule(kind: tally.kind, variant: tally.variant),
            count: tally.locations.count, locations: locations, redacted: redacted, reasons: [])
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
                    locations: locations[...], redacted: [], reasons: unscanned.map(\.reason)))
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
