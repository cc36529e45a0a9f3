/// What a nine-digit number in SSN shape is, by the Social Security Administration's and
/// the IRS's numbering rules.
enum SSNClass: Equatable {
    case ssn
    /// An Individual Taxpayer Identification Number: area 900–999 with a group in 50–65,
    /// 70–88, 90–92 or 94–99. As sensitive as an SSN.
    case itin
    case invalid
}

enum SSNRules {
    /// Numbers published as examples or used in advertising, compared whole (never by
    /// prefix): the Woolworth wallet-card number 078-05-1120, 219-09-9999 from an SSA
    /// pamphlet, 457-55-5462 from a 1940s advertisement, the common example 123-45-6789,
    /// and 987-65-4320 to 987-65-4329, which SSA reserves for advertisements.
    static let sampleNumbers: Set<Int> = {
        var numbers: Set<Int> = [78_051_120, 219_099_999, 457_555_462, 123_456_789]
        for last in 987_654_320...987_654_329 { numbers.insert(last) }
        return numbers
    }()

    /// Classifies a number from its area (first three digits), group (next two) and serial
    /// (last four).
    ///
    /// Area 000 and 666, group 00 and serial 0000 are never issued; nor are numbers whose
    /// nine digits are all the same, or the sample numbers. Areas 900–999 are never SSNs;
    /// they are ITINs when the group is in an ITIN range.
    static func classify(area: Int, group: Int, serial: Int) -> SSNClass {
        let number = area * 1_000_000 + group * 10_000 + serial
        guard area != 0, area != 666, group != 0, serial != 0 else { return .invalid }
        guard !sampleNumbers.contains(number), !hasOneRepeatedDigit(number) else {
            return .invalid
        }
        guard area >= 900 else { return .ssn }
        return isITINGroup(group) ? .itin : .invalid
    }

    static func isITINGroup(_ group: Int) -> Bool {
        (50...65).contains(group) || (70...88).contains(group) || (90...92).contains(group)
            || (94...99).contains(group)
    }

    private static func hasOneRepeatedDigit(_ number: Int) -> Bool {
        number % 111_111_111 == 0
    }
}
