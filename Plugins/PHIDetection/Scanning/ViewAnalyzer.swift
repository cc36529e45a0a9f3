import Mail

/// Runs every detector over one text view: one scanning pass, then validation of the
/// candidates it found.
struct ViewAnalyzer: Sendable {
    let dictionary: TermDictionary
    /// Lower-cased words that never start or continue a name: common English words and
    /// every single-word dictionary term.
    let excludedNameWords: WordSet

    /// Returns the detections in `text`, a text view of the given kind.
    ///
    /// The scan uses the arrays of `buffers`, which must be empty, and leaves them filled.
    /// The detections are `buffers.detections`, moved into the result. Give that array back
    /// to `buffers` when done with it.
    func analyze(
        _ text: UnsafeBufferPointer<UInt8>, kind: TextKind, buffers: inout ScanBuffers
    ) -> ViewFindings {
        TextScanner(dictionary: dictionary).scan(text, into: &buffers)
        var findings = ViewFindings()
        swap(&findings.detections, &buffers.detections)
        detect(text, kind: kind, scan: buffers.scan, into: &findings)
        return findings
    }

    /// Runs the detectors over the scan of `text`.
    private func detect(
        _ text: UnsafeBufferPointer<UInt8>, kind: TextKind, scan: ViewScan,
        into findings: inout ViewFindings
    ) {
        let context = ContextIndex(hits: scan.hits, roles: dictionary.roles, text: text)
        let table = TableLayout.read(text: text, context: context, isCSV: kind == .csv)

        // Numbers, then the detectors that start from terms.
        let classifier = NumberClassifier(text: text, context: context, table: table)
        scan.groups.withUnsafeBufferPointer { groups in
            var hint = 0
            for candidate in scan.candidates {
                // Candidates come in order of their start, so each context search goes on
                // from the last one.
                hint = context.firstHit(
                    endingAtOrAfter: Int(candidate.start) - ContextIndex.windowBefore, from: hint)
                let first = Int(candidate.firstGroup)
                classifier.classify(
                    candidate, groups: groups[first..<(first + Int(candidate.groupCount))],
                    hint: hint, into: &findings)
            }
        }
        let names = NameReader(text: text, excludedWords: excludedNameWords)
        let terms = TermDetectors(text: text, context: context, names: names)
        terms.healthTerms(into: &findings)
        terms.labelledNames(into: &findings)
        terms.monthNameDates(into: &findings)
        terms.agesOver89(into: &findings)
        terms.streetAddresses(into: &findings)
        if let table {
            tableNames(table, names: names, into: &findings)
        }
        if let marker = terms.patientContext(near: findings.detections) {
            findings.detections.append(marker)
        }
    }

    /// Reads a name from every cell of a column whose header is a name label.
    private func tableNames(
        _ table: TableLayout, names: NameReader,
        into findings: inout ViewFindings
    ) {
        for (column, roles) in table.columnRoles.enumerated()
        where !roles.isDisjoint(with: [.patientNameLabel, .personNameLabel]) {
            for cellStart in table.cellStarts(ofColumn: column) {
                let quoted = cellStart < table.text.count && table.text[cellStart] == 0x22
                let start = quoted ? cellStart + 1 : cellStart
                guard let name = names.name(at: start, requireCapitals: false) else { continue }
                var detection = Detection(.name, start: name.start, end: name.end)
                detection.needsPatientContext = !roles.contains(.patientNameLabel)
                findings.detections.append(detection)
            }
        }
    }
}
