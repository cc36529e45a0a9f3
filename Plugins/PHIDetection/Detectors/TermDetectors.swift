/// Detectors that start from a dictionary term rather than a number: health terms, names
/// after labels, dates written with month names, ages over 89 and street addresses.
struct TermDetectors {
    let text: UnsafeBufferPointer<UInt8>
    let context: ContextIndex
    let names: NameReader
    /// The union of the roles of all term hits. A detector whose roles are all missing
    /// finds nothing and returns without reading the hits.
    let presentRoles: TermRole

    init(text: UnsafeBufferPointer<UInt8>, context: ContextIndex, names: NameReader) {
        self.text = text
        self.context = context
        self.names = names
        self.presentRoles = context.unionOfRoles()
    }

    /// Reports drug, diagnosis, procedure and lab-test terms. Lab tests count as procedures,
    /// the category under which they are billed.
    func healthTerms(into findings: inout ViewFindings) {
        guard !presentRoles.isDisjoint(with: .healthTerm) else { return }
        for hit in context.hits {
            let roles = context.roles[Int(hit.term)]
            guard !roles.isDisjoint(with: .healthTerm) else { continue }
            let kind: PHIKind =
                roles.contains(.diagnosis) ? .diagnosis : roles.contains(.drug) ? .drug : .procedure
            findings.detections.append(Detection(kind, start: Int(hit.start), end: Int(hit.end)))
        }
    }

    /// Reads names after name labels and before identifier labels.
    func labelledNames(into findings: inout ViewFindings) {
        let identifierLabels: TermRole = [.mrnLabel, .dobLabel, .ssnLabel, .mbiLabel, .memberLabel]
        let nameLabels: TermRole = [.patientNameLabel, .personNameLabel]
        guard !presentRoles.isDisjoint(with: identifierLabels.union(nameLabels)) else { return }
        for hit in context.hits {
            let roles = context.roles[Int(hit.term)]
            if !roles.isDisjoint(with: [.patientNameLabel, .personNameLabel]),
                let name = names.name(afterLabelEnd: Int(hit.end))
            {
                var detection = Detection(.name, start: name.start, end: name.end)
                detection.needsPatientContext = !roles.contains(.patientNameLabel)
                findings.detections.append(detection)
            } else if !roles.isDisjoint(with: identifierLabels),
                let name = names.name(endingBefore: Int(hit.start))
            {
                var detection = Detection(.name, start: name.start, end: name.end)
                detection.needsPatientContext = true
                findings.detections.append(detection)
            }
        }
    }

    /// Reads `March 14th, 1961` and `14 March 1961` around month names. The date is a DOB
    /// with a birth label in its window, a DATE with clinical context, and otherwise
    /// nothing.
    func monthNameDates(into findings: inout ViewFindings) {
        guard presentRoles.contains(.month) else { return }
        for hit in context.hits where context.roles[Int(hit.term)].contains(.month) {
            guard
                let found = DateReader.dateAroundMonthName(
                    text, nameStart: Int(hit.start), nameEnd: Int(hit.end))
            else {
                continue
            }
            let window = context.rolesNear(start: found.start, end: found.end)
            if window.contains(.dobLabel) {
                findings.detections.append(Detection(.dob, start: found.start, end: found.end))
            } else if !window.isDisjoint(with: [.clinicalDateLabel, .diagnosis, .icdLabel]) {
                findings.detections.append(Detection(.date, start: found.start, end: found.end))
            }
        }
    }

    /// Reports ages of 90 to 125: `age 92`, `Age: 91`, `aged 94`, `92-year-old`, `92 yo`.
    /// HIPAA's Safe Harbor method treats every age over 89 as an identifier.
    func agesOver89(into findings: inout ViewFindings) {
        guard !presentRoles.isDisjoint(with: [.ageLabel, .ageUnit]) else { return }
        for hit in context.hits {
            let roles = context.roles[Int(hit.term)]
            var number: (value: Int, start: Int, end: Int)?
            if roles.contains(.ageLabel) {
                number = numberAfter(Int(hit.end))
            } else if roles.contains(.ageUnit) {
                number = numberBefore(Int(hit.start))
            }
            guard let number, (90...125).contains(number.value) else { continue }
            findings.detections.append(Detection(.ageOver89, start: number.start, end: number.end))
        }
    }

    private func numberAfter(_ position: Int) -> (value: Int, start: Int, end: Int)? {
        var cursor = TextCursor(text: text, position: position)
        cursor.skip(while: { $0 == 0x3A || $0 == 0x20 || $0 == 0x09 || $0 == 0x3D })
        let start = cursor.position
        guard let value = cursor.readNumber(maxDigits: 3) else { return nil }
        return (value, start, cursor.position)
    }

    private func numberBefore(_ position: Int) -> (value: Int, start: Int, end: Int)? {
        let end = TextCursor.skipBackward(text, from: position) { $0 == 0x20 || $0 == 0x2D }
        let start = TextCursor.skipBackward(text, from: end) { ASCII.isDigit($0) }
        guard end > start, end - start <= 3 else { return nil }
        if start > 0 && ASCII.isAlphanumeric(text[start - 1]) { return nil }
        let value = text[start..<end].reduce(0) { $0 * 10 + ASCII.digitValue($1) }
        return (value, start, end)
    }

    /// Reports street addresses: a house number, one to four capitalised words and a
    /// street suffix (`220 Harbor St`, `1 Kendall Square`), or a line after `Address:`
    /// that contains a digit.
    func streetAddresses(into findings: inout ViewFindings) {
        guard !presentRoles.isDisjoint(with: [.streetSuffix, .addressLabel]) else { return }
        for hit in context.hits {
            let roles = context.roles[Int(hit.term)]
            if roles.contains(.streetSuffix), let start = houseNumberStart(before: Int(hit.start)) {
                findings.detections.append(Detection(.address, start: start, end: Int(hit.end)))
            } else if roles.contains(.addressLabel), let end = addressLineEnd(Int(hit.end)) {
                findings.detections.append(Detection(.address, start: Int(hit.end), end: end))
            }
        }
    }

    private func houseNumberStart(before position: Int) -> Int? {
        var end = position
        for _ in 0..<4 {
            end = TextCursor.skipBackward(text, from: end) { $0 == 0x20 }
            let start = TextCursor.skipBackward(text, from: end) { ASCII.isAlphanumeric($0) }
            guard end > start else { return nil }
            if text[start..<end].allSatisfy(ASCII.isDigit) {
                guard end - start <= 6 else { return nil }
                if start > 0 && !isAddressStart(text[start - 1]) { return nil }
                return start
            }
            guard ASCII.isUpper(text[start]) else { return nil }
            end = start
        }
        return nil
    }

    /// Returns true for a byte that can stand before a house number: white space, or the
    /// `:`, `;` and `,` of `Address:` lines and vCard `ADR` fields.
    private func isAddressStart(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || ASCII.isLineBreak(byte) || byte == 0x3A || byte == 0x3B
            || byte == 0x2C
    }

    private func addressLineEnd(_ labelEnd: Int) -> Int? {
        var index = labelEnd
        guard index < text.count, text[index] == 0x3A else { return nil }
        var hasDigit = false
        while index < text.count && !ASCII.isLineBreak(text[index]) && index - labelEnd < 120 {
            if ASCII.isDigit(text[index]) { hasDigit = true }
            index += 1
        }
        return hasDigit ? index : nil
    }

    private static let personal = KindSet([
        .ssn, .dob, .name, .account, .creditCard, .ageOver89, .mbi, .mrn, .memberID,
    ])

    /// Returns the first patient word (`patient`, `member`, `beneficiary` …) that occurs
    /// within the context window before an identifier of a person in `detections`, which
    /// ties that identifier to a patient, as a detection of patient context.
    ///
    /// It returns the detection instead of appending it, so that the caller can pass its
    /// own array of detections without that array being copied by the append.
    func patientContext(near detections: [Detection]) -> Detection? {
        guard presentRoles.contains(.patientWord) else { return nil }
        for detection in detections where TermDetectors.personal.contains(detection.kind) {
            let start = detection.start
            var index = context.firstHit(endingAtOrAfter: start - ContextIndex.windowBefore)
            while index < context.hits.count && Int(context.hits[index].end) <= start {
                let hit = context.hits[index]
                if context.roles[Int(hit.term)].contains(.patientWord) {
                    return Detection(.patientContext, start: Int(hit.start), end: Int(hit.end))
                }
                index += 1
            }
        }
        return nil
    }
}
