/// Decides what a number candidate is: first by the label bound to it (`MRN:`, `DOB`,
/// `Account #:`, a CSV column header), then by its shape and the terms in its context
/// window. Candidates in a link or after a negative word (order, invoice, tracking, ISBN,
/// part number …) are suppressed.
struct NumberClassifier {
    let text: UnsafeBufferPointer<UInt8>
    let context: ContextIndex
    let table: TableLayout?

    private enum Outcome {
        case detected(Detection)
        /// The label named a kind but the value failed its validation; no other kind is
        /// tried, so `SSN 000-12-3456` does not become a phone number.
        case rejected
        case none
    }

    /// Classifies one candidate and appends what it finds to `findings`.
    ///
    /// `hint` is the index of the first term hit that ends at or after
    /// `candidate.start - ContextIndex.windowBefore`; every context query starts there.
    func classify(
        _ candidate: NumberCandidate, groups: Slice<UnsafeBufferPointer<TokenGroup>>, hint: Int,
        into findings: inout ViewFindings
    ) {
        let shape = NumberShape(groups: groups, text: text)
        if context.isInsideTerm(
            start: shape.start, end: shape.end, having: .healthTerm, hint: hint)
        {
            return
        }
        let link = LinkContext.kind(at: shape.start, in: text)
        if link == .link {
            noteLowConfidence(shape, window: [], into: &findings)
            return
        }

        switch classifyBound(shape, hint: hint) {
        case .detected(let detection):
            findings.detections.append(detection)
            return
        case .rejected:
            return
        case .none:
            break
        }

        if isSuppressedByNegativeContext(shape.start, hint: hint) {
            noteLowConfidence(shape, window: [], into: &findings)
            return
        }
        let window = context.rolesNear(start: shape.start, end: shape.end, hint: hint)
        classifySegments(shape, window: window, into: &findings)
    }

    // MARK: - Bound labels

    private func classifyBound(_ shape: NumberShape, hint: Int) -> Outcome {
        var roles: TermRole = []
        var hasPunctuation = false
        if let label = context.label(before: shape.start, hint: hint) {
            roles = label.roles
            hasPunctuation = label.hasPunctuation
        }
        if let columnRoles = table?.roles(at: shape.start) {
            roles.formUnion(columnRoles)
            hasPunctuation = true
        }
        guard !roles.isDisjoint(with: TermRole.anyLabel) else { return .none }

        let whole = classifyBound(shape, roles: roles, hasPunctuation: hasPunctuation)
        guard case .none = whole, hasWhitespaceSeparator(shape) else { return whole }
        let boundaries = segmentBoundaries(of: shape)
        guard boundaries.count > 2 else { return whole }
        let first = shape.subshape(0..<boundaries[1])
        return classifyBound(first, roles: roles, hasPunctuation: hasPunctuation)
    }

    private func classifyBound(_ shape: NumberShape, roles: TermRole, hasPunctuation: Bool)
        -> Outcome
    {
        let detect = { (kind: PHIKind, variant: Detection.Variant) -> Outcome in
            .detected(Detection(kind, variant: variant, start: shape.start, end: shape.end))
        }

        // Identifiers with check digits or a fixed format come first.
        if !roles.isDisjoint(with: [.ssnLabel, .itinLabel]),
            let ssnClass = IdentifierShapes.ssn(shape, allowBare: true)
        {
            switch ssnClass {
            case .ssn: return detect(.ssn, .standard)
            case .itin: return detect(.ssn, .itin)
            case .invalid: return .rejected
            }
        }
        if roles.contains(.mbiLabel) && IdentifierShapes.isMBI(shape) {
            return detect(.mbi, .standard)
        }
        if roles.contains(.npiLabel) && shape.hasLengths(10) {
            return IdentifierShapes.isNPI(shape) ? detect(.npi, .standard) : .rejected
        }
        if roles.contains(.deaLabel) && IdentifierShapes.isDEA(shape) {
            return detect(.dea, .standard)
        }

        // Codes, cards, dates and phone numbers.
        if roles.contains(.ndcLabel) && IdentifierShapes.isNDC(shape, allowBare: true) {
            return detect(.ndc, .standard)
        }
        if roles.contains(.cardLabel) && IdentifierShapes.isPaymentCard(shape) {
            return detect(.creditCard, .standard)
        }
        if roles.contains(.cptLabel) && IdentifierShapes.isProcedureCode(shape) {
            return detect(.procedure, .cpt)
        }
        if let outcome = classifyBoundDate(shape, roles: roles) { return outcome }
        if roles.contains(.phoneLabel) && IdentifierShapes.phone(shape) != nil {
            return detect(.phone, .standard)
        }
        if roles.contains(.icdLabel) && IdentifierShapes.isICD10(shape, allowUndotted: true) {
            return detect(.icd10, .standard)
        }

        // Numbers without a public format are recognised by their label alone.
        return classifyBoundRecordNumber(shape, roles: roles, hasPunctuation: hasPunctuation)
    }

    private func classifyBoundDate(_ shape: NumberShape, roles: TermRole) -> Outcome? {
        guard !roles.isDisjoint(with: [.dobLabel, .clinicalDateLabel]),
            DateReader.date(from: shape) != nil
        else {
            return nil
        }
        let kind: PHIKind = roles.contains(.dobLabel) ? .dob : .date
        return .detected(Detection(kind, start: shape.start, end: shape.end))
    }

    private func classifyBoundRecordNumber(
        _ shape: NumberShape, roles: TermRole, hasPunctuation: Bool
    ) -> Outcome {
        let bindsWeakly = hasPunctuation || !roles.contains(.needsPunctuation)
        for (role, kind, minDigits) in NumberClassifier.recordLabels where roles.contains(role) {
            if role != .mrnLabel && !bindsWeakly { continue }
            if IdentifierShapes.isRecordNumber(shape, minDigits: minDigits) {
                return .detected(Detection(kind, start: shape.start, end: shape.end))
            }
        }
        return .none
    }

    /// Labels of numbers without a public format, their kind and the fewest digits.
    private static let recordLabels: [(TermRole, PHIKind, Int)] = [
        (.mrnLabel, .mrn, 4), (.memberLabel, .memberID, 3), (.accountLabel, .account, 4),
    ]

    // MARK: - Shapes in context

    /// Tries the whole candidate, then shorter runs of groups split where a space or tab
    /// separates them, longest first, so `Latency 120 480 2000 555 0143` is read as five
    /// numbers but `+1 202 555 0199` as one.
    private func classifySegments(
        _ shape: NumberShape, window: TermRole,
        into findings: inout ViewFindings
    ) {
        if !hasWhitespaceSeparator(shape) {
            if let detection = classifyShape(shape, window: window) {
                findings.detections.append(detection)
            } else {
                noteLowConfidence(shape, window: window, into: &findings)
            }
            return
        }
        let boundaries = segmentBoundaries(of: shape)
        var from = 0
        while from < boundaries.count - 1 {
            var matched = false
            for to in stride(from: boundaries.count - 1, to: from, by: -1) {
                let segment = shape.subshape(boundaries[from]..<boundaries[to])
                if let detection = classifyShape(segment, window: window) {
                    findings.detections.append(detection)
                    from = to
                    matched = true
                    break
                }
            }
            if !matched {
                let segment = shape.subshape(boundaries[from]..<boundaries[from + 1])
                noteLowConfidence(segment, window: window, into: &findings)
                from += 1
            }
        }
    }

    private func hasWhitespaceSeparator(_ shape: NumberShape) -> Bool {
        (0..<shape.separatorCount).contains { index in
            let separator = shape.separator(index)
            return separator.contains(0x20) || separator.contains(0x09)
        }
    }

    /// Returns the group indices where segments start, and the group count at the end.
    private func segmentBoundaries(of shape: NumberShape) -> [Int] {
        var boundaries = [0]
        for index in 0..<shape.separatorCount {
            let separator = shape.separator(index)
            if separator.contains(0x20) || separator.contains(0x09) {
                boundaries.append(index + 1)
            }
        }
        boundaries.append(shape.groupCount)
        return boundaries
    }

    private func classifyShape(_ shape: NumberShape, window: TermRole) -> Detection? {
        let detect = { (kind: PHIKind, variant: Detection.Variant) -> Detection in
            Detection(kind, variant: variant, start: shape.start, end: shape.end)
        }
        let standalone = shape.isStandalone

        // Person identifiers that a format or check digit distinguishes, some only near
        // their keyword.
        if standalone, let detection = classifySSN(shape, window: window) { return detection }
        if standalone && IdentifierShapes.isMBI(shape) { return detect(.mbi, .standard) }
        if window.contains(.deaLabel) && IdentifierShapes.isDEA(shape) {
            return detect(.dea, .standard)
        }
        if window.contains(.npiLabel) && IdentifierShapes.isNPI(shape) {
            return detect(.npi, .standard)
        }
        if standalone && window.contains(.cardLabel) && IdentifierShapes.isPaymentCard(shape) {
            return detect(.creditCard, .standard)
        }

        // Codes that need health context nearby.
        if !window.isDisjoint(with: [.ndcLabel, .drug]),
            IdentifierShapes.isNDC(shape, allowBare: window.contains(.ndcLabel))
        {
            return detect(.ndc, .standard)
        }
        if !window.isDisjoint(with: [.icdLabel, .diagnosis]),
            IdentifierShapes.isICD10(shape, allowUndotted: window.contains(.icdLabel))
        {
            return detect(.icd10, .standard)
        }

        // Dates, phone numbers and places, which the collector may drop later for lack of
        // patient context.
        if standalone, let detection = classifyDate(shape, window: window) { return detection }
        if let form = IdentifierShapes.phone(shape),
            form == .formatted || window.contains(.phoneLabel)
        {
            return detect(.phone, .standard)
        }
        if window.contains(.cptLabel) && IdentifierShapes.isProcedureCode(shape) {
            return detect(.procedure, .cpt)
        }
        if IdentifierShapes.isZIP(shape) && followsStateAbbreviation(shape.start) {
            return detect(.location, .standard)
        }
        return nil
    }

    private func classifySSN(_ shape: NumberShape, window: TermRole) -> Detection? {
        let hasKeyword = !window.isDisjoint(with: [.ssnLabel, .itinLabel])
        guard hasKeyword || IdentifierShapes.isDashedSSN(shape),
            let ssnClass = IdentifierShapes.ssn(shape, allowBare: hasKeyword)
        else {
            return nil
        }
        switch ssnClass {
        case .ssn: return Detection(.ssn, start: shape.start, end: shape.end)
        case .itin: return Detection(.ssn, variant: .itin, start: shape.start, end: shape.end)
        case .invalid: return nil
        }
    }

    private func classifyDate(_ shape: NumberShape, window: TermRole) -> Detection? {
        guard shape.groupCount > 1 || window.contains(.dobLabel) else { return nil }
        guard DateReader.date(from: shape) != nil else { return nil }
        if window.contains(.dobLabel) {
            return Detection(.dob, start: shape.start, end: shape.end)
        }
        let clinical: TermRole = [.clinicalDateLabel, .diagnosis, .icdLabel, .procedure]
        guard !window.isDisjoint(with: clinical) else { return nil }
        return Detection(.date, start: shape.start, end: shape.end)
    }

    /// Returns true after a two-letter US state or territory code such as `MA ` or `, NY `.
    private func followsStateAbbreviation(_ start: Int) -> Bool {
        guard start >= 3, text[start - 1] == 0x20 else { return false }
        let first = text[start - 3]
        let second = text[start - 2]
        guard ASCII.isUpper(first), ASCII.isUpper(second) else { return false }
        if start >= 4 && ASCII.isLetter(text[start - 4]) { return false }
        return USStates.contains(first, second)
    }

    // MARK: - Suppression

    private func isSuppressedByNegativeContext(_ start: Int, hint: Int) -> Bool {
        let nearest = context.nearestBefore(
            start, within: 40, having: TermRole.anyLabel.union(.negative), hint: hint)
        return nearest?.contains(.negative) ?? false
    }

    /// Counts shapes that would be identifiers with the right context, for the debug log.
    private func noteLowConfidence(
        _ shape: NumberShape, window: TermRole,
        into findings: inout ViewFindings
    ) {
        var kind: PHIKind?
        if IdentifierShapes.ssn(shape, allowBare: true) ?? .invalid != .invalid {
            kind = .ssn
        } else if IdentifierShapes.isNPI(shape) {
            kind = .npi
        } else if IdentifierShapes.isPaymentCard(shape) {
            kind = .creditCard
        }
        if let kind { findings.lowConfidence.add(kind) }
    }
}

/// Two-letter codes of US states, the District of Columbia and territories.
enum USStates {
    /// Returns true when the two upper-case letters are a code.
    static func contains(_ first: UInt8, _ second: UInt8) -> Bool {
        packedCodes.contains(UInt16(first) << 8 | UInt16(second))
    }

    private static let packedCodes = Set(
        codes.map { code in code.utf8.reduce(UInt16(0)) { $0 << 8 | UInt16($1) } })

    static let codes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
        "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
        "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
        "VA", "WA", "WV", "WI", "WY", "DC", "PR", "VI", "GU", "AS", "MP",
    ]
}
