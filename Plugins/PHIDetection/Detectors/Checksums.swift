/// Check-digit rules of the identifiers the detectors validate. Every function takes the
/// digits as values 0–9, most significant first.
enum Checksums {
    /// Returns true when `digits` pass the Luhn (mod 10) check used by payment cards and,
    /// with a prefix, by NPIs.
    static func passesLuhn(_ digits: some BidirectionalCollection<Int>, initialSum: Int = 0)
        -> Bool
    {
        var sum = initialSum
        var double = false
        for digit in digits.reversed() {
            var value = digit
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// Returns true for a valid National Provider Identifier: ten digits starting with 1 or
    /// 2 whose Luhn check passes once the card-issuer prefix 80840 is put before them, as
    /// CMS defines the NPI check digit.
    static func isValidNPI(_ digits: some BidirectionalCollection<Int>) -> Bool {
        guard digits.count == 10, let first = digits.first, first == 1 || first == 2 else {
            return false
        }
        // The prefix 80840 adds 8 + 0 + 8 + (2 × 4) + 0 = 24 to the Luhn sum of ten digits.
        return passesLuhn(digits, initialSum: 24)
    }

    /// Returns true for a valid DEA registration number: two letters and seven digits,
    /// where the last digit equals the last digit of (d1 + d3 + d5) + 2 × (d2 + d4 + d6).
    ///
    /// The first letter is the registrant type (A, B, F, G for practitioners and
    /// hospitals, M for mid-level practitioners, P, R, S, T, U, X and others for
    /// distributors, researchers and narcotic treatment programs). The second letter is the
    /// initial of the registrant's last name, or 9 for some business registrations.
    private static let registrantTypes = Array("ABCDEFGHJKLMPRSTUX".utf8)

    static func isValidDEA(letters: (UInt8, UInt8), digits: some Collection<Int>) -> Bool {
        guard digits.count == 7 else { return false }
        guard registrantTypes.contains(letters.0) else { return false }
        guard ASCII.isUpper(letters.1) || letters.1 == 0x39 else { return false }
        var sum = 0
        for (position, digit) in digits.prefix(6).enumerated() {
            sum += position % 2 == 0 ? digit : 2 * digit
        }
        return sum % 10 == digits[digits.index(digits.startIndex, offsetBy: 6)]
    }
}
