/// Validators that decide whether a `NumberShape` is a given identifier. Each checks the
/// shape and the check digits only; context is the classifier's business.
enum IdentifierShapes {
    /// Returns the SSN class of `123-45-6789`, `123 45 6789`, `123.45.6789` or, when
    /// `allowBare` is true, `123456789`; nil for any other shape.
    static func ssn(_ shape: NumberShape, allowBare: Bool) -> SSNClass? {
        guard shape.isDigitsOnly else { return nil }
        if shape.hasLengths(9) {
            guard allowBare else { return nil }
            let value = shape.groupValue(0)
            return SSNRules.classify(
                area: value / 1_000_000, group: value / 10_000 % 100, serial: value % 10_000)
        }
        guard shape.hasLengths(3, 2, 4), let separator = shape.uniformSeparator,
            separator == 0x2D || separator == 0x20 || separator == 0x2E
        else {
            return nil
        }
        return SSNRules.classify(
            area: shape.groupValue(0), group: shape.groupValue(1), serial: shape.groupValue(2))
    }

    /// Returns true when the shape is `123-45-6789` with dashes, the form that needs no
    /// keyword.
    static func isDashedSSN(_ shape: NumberShape) -> Bool {
        shape.hasLengths(3, 2, 4) && shape.allSeparators(are: 0x2D)
    }

    static func isNPI(_ shape: NumberShape) -> Bool {
        shape.hasLengths(10) && shape.isDigitsOnly
            && shape.withDigits { Checksums.isValidNPI($0) }
    }

    static func isDEA(_ shape: NumberShape) -> Bool {
        guard shape.hasLengths(9), shape.group(0).letters == 2 else { return false }
        let bytes = shape.groupBytes(0)
        let first = bytes[bytes.startIndex]
        let second = bytes[bytes.startIndex + 1]
        guard ASCII.isUpper(first), ASCII.isUpper(second) || second == 0x39 else {
            return false
        }
        let number = bytes.dropFirst(2)
        guard number.allSatisfy(ASCII.isDigit) else { return false }
        return Checksums.isValidDEA(
            letters: (first, second), digits: number.lazy.map(ASCII.digitValue))
    }

    /// `1EG4TE5MK73` or `1EG4-TE5-MK73`.
    static func isMBI(_ shape: NumberShape) -> Bool {
        guard shape.hasLengths(11) || (shape.hasLengths(4, 3, 4) && shape.allSeparators(are: 0x2D))
        else {
            return false
        }
        return MBIRules.isValid(shape.characterSequence)
    }

    /// NDC product codes in the labeler-product-package shapes 4-4-2, 5-3-2 and 5-4-1, and
    /// the 5-4-2 form that claims use; with `allowBare`, also ten or eleven digits.
    static func isNDC(_ shape: NumberShape, allowBare: Bool) -> Bool {
        guard shape.isDigitsOnly else { return false }
        if shape.groupCount == 1 {
            return allowBare && (shape.hasLengths(10) || shape.hasLengths(11))
        }
        let hasShape =
            shape.hasLengths(4, 4, 2) || shape.hasLengths(5, 3, 2) || shape.hasLengths(5, 4, 1)
            || shape.hasLengths(5, 4, 2)
        return hasShape && shape.allSeparators(are: 0x2D)
    }

    /// Payment card numbers, bare or in groups separated by one space or dash each.
    static func isPaymentCard(_ shape: NumberShape) -> Bool {
        guard shape.isDigitsOnly, (13...19).contains(shape.digitCount) else { return false }
        if shape.groupCount == 1 {
            // One run of digits: read the digit values straight from the text.
            let digits = shape.groupBytes(0).lazy.map(ASCII.digitValue)
            return PaymentCardRules.isValid(digits)
        }
        if shape.groupCount > 1 {
            guard let separator = shape.uniformSeparator, separator == 0x20 || separator == 0x2D,
                (0..<(shape.groupCount - 1)).allSatisfy({ shape.length($0) >= 4 })
            else {
                return false
            }
        }
        return shape.withDigits { PaymentCardRules.isValid($0) }
    }

    /// The written form of a phone number.
    enum PhoneForm { case formatted, bare }

    /// NANP numbers: `(617) 555-0142`, `617-555-0142`, `617.555.0142`, `617 555 0142`, with
    /// an optional leading `1` or `+1`, or ten or eleven digits in one run. Digits glued to
    /// letters, as in `callme2025550143now`, count as bare.
    static func phone(_ shape: NumberShape) -> PhoneForm? {
        if shape.groupCount == 1 {
            return gluedOrBarePhone(shape)
        }
        guard shape.isDigitsOnly else { return nil }
        var body = shape
        if shape.groupCount == 4 && shape.length(0) == 1 && shape.groupValue(0) == 1 {
            body = shape.subshape(1..<4)
        }
        guard body.hasLengths(3, 3, 4) else { return nil }
        return body.withDigits { PhoneRules.isValid($0) } ? .formatted : nil
    }

    private static func gluedOrBarePhone(_ shape: NumberShape) -> PhoneForm? {
        let group = shape.group(0)
        guard group.digits == 10 || group.digits == 11 else { return nil }
        guard let run = longestDigitRun(shape.text, Int(group.start)..<Int(group.end)) else {
            return nil
        }
        var start = run.lowerBound
        if run.count == 11 && shape.text[start] == 0x31 { start += 1 }
        guard run.upperBound - start == 10 else { return nil }
        let valid = PhoneRules.isValid(
            area: value(shape.text, start, 3), exchange: value(shape.text, start + 3, 3),
            line: value(shape.text, start + 6, 4))
        return valid ? .bare : nil
    }

    /// Returns the longest run of digits in `range`, or nil when there is none.
    private static func longestDigitRun(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> Range<Int>?
    {
        var best: Range<Int>?
        var runStart = -1
        for index in range.lowerBound...range.upperBound {
            let isDigit = index < range.upperBound && ASCII.isDigit(text[index])
            if isDigit && runStart < 0 { runStart = index }
            if !isDigit && runStart >= 0 {
                if index - runStart > (best?.count ?? 0) { best = runStart..<index }
                runStart = -1
            }
        }
        return best
    }

    private static func value(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int)
        -> Int
    {
        text[start..<(start + count)].reduce(0) { $0 * 10 + ASCII.digitValue($1) }
    }

    /// ICD-10-CM codes: a category and an optional extension after a dot.
    static func isICD10(_ shape: NumberShape, allowUndotted: Bool) -> Bool {
        switch shape.groupCount {
        case 1:
            return ICD10Rules.isValid(shape.groupBytes(0), allowUndotted: allowUndotted)
        case 2:
            guard shape.uniformSeparator == 0x2E else { return false }
            return ICD10Rules.isValid(shape.text[shape.start..<shape.end], allowUndotted: false)
        default:
            return false
        }
    }

    /// Record, member, account and claim numbers have no public format: letters and digits
    /// with at least `minDigits` digits, in one token or joined by dashes or dots, 4 to 24
    /// bytes.
    static func isRecordNumber(_ shape: NumberShape, minDigits: Int) -> Bool {
        guard shape.digitCount >= minDigits, (4...24).contains(shape.end - shape.start) else {
            return false
        }
        return (0..<shape.separatorCount).allSatisfy { index in
            let separator = shape.separator(index)
            return separator.count == 1 && (separator.first == 0x2D || separator.first == 0x2E)
        }
    }

    /// CPT codes are five digits; HCPCS Level II codes a letter and four digits.
    static func isProcedureCode(_ shape: NumberShape) -> Bool {
        guard shape.hasLengths(5) else { return false }
        let bytes = shape.groupBytes(0)
        guard let first = bytes.first, bytes.dropFirst().allSatisfy(ASCII.isDigit) else {
            return false
        }
        return ASCII.isDigit(first) || ASCII.isUpper(first)
    }

    /// Returns true for a US ZIP code, `02115` or `02115-6110`.
    static func isZIP(_ shape: NumberShape) -> Bool {
        guard shape.isDigitsOnly else { return false }
        return shape.hasLengths(5) || (shape.hasLengths(5, 4) && shape.allSeparators(are: 0x2D))
    }
}
