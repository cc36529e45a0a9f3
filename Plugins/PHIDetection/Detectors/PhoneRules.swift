/// North American Numbering Plan numbers: a three-digit area code and exchange, each
/// starting with 2–9 and not of the form N11, then four digits.
enum PhoneRules {
    static func isValid(area: Int, exchange: Int, line: Int) -> Bool {
        guard (200...999).contains(area), (200...999).contains(exchange) else { return false }
        guard area % 100 != 11, exchange % 100 != 11 else { return false }
        return (0...9999).contains(line)
    }

    /// Validates ten digits, or eleven starting with the country code 1.
    static func isValid<Digits: RandomAccessCollection<Int>>(_ digits: Digits) -> Bool
    where Digits.Index == Int {
        var start = digits.startIndex
        if digits.count == 11 && digits.first == 1 { start += 1 }
        guard digits.endIndex - start == 10 else { return false }
        return isValid(
            area: number(digits, start, 3), exchange: number(digits, start + 3, 3),
            line: number(digits, start + 6, 4))
    }

    private static func number<Digits: RandomAccessCollection<Int>>(
        _ digits: Digits, _ start: Int, _ count: Int
    ) -> Int where Digits.Index == Int {
        var value = 0
        for index in start..<(start + count) { value = value * 10 + digits[index] }
        return value
    }
}
