/// North American Numbering Plan numbers: a three-digit area code and exchange, each
/// starting with 2–9 and not of the form N11, then four digits.
enum PhoneRules {
    static func isValid(area: Int, exchange: Int, line: Int) -> Bool {
        guard (200...999).contains(area), (200...999).contains(exchange) else { return false }
        guard area % 100 != 11, exchange % 100 != 11 else { return false }
        return (0...9999).contains(line)
    }

    /// Validates ten digits, or eleven starting with the country code 1.
    static func isValid(_ digits: [Int]) -> Bool {
        var rest = digits[...]
        if rest.count == 11 && rest.first == 1 { rest = rest.dropFirst() }
        guard rest.count == 10 else { return false }
        let values = Array(rest)
        return isValid(
            area: number(values[0..<3]), exchange: number(values[3..<6]),
            line: number(values[6..<10]))
    }

    static func number(_ digits: ArraySlice<Int>) -> Int {
        digits.reduce(0) { $0 * 10 + $1 }
    }
}
