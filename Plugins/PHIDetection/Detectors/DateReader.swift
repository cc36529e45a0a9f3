/// Reads calendar dates in the forms that mail and health-record exports use.
enum DateReader {
    /// The first three letters of each month, packed as `a << 16 | b << 8 | c`.
    private static let monthPrefixes: [Int] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map { name in name.utf8.reduce(0) { $0 << 8 | Int($1) } }

    /// Returns the month number 1–12 of an English month name or abbreviation, or nil.
    static func month(named name: some Collection<UInt8>) -> Int? {
        guard name.count >= 3 else { return nil }
        let packed = name.prefix(3).reduce(0) { $0 << 8 | Int(ASCII.lowercased($1)) }
        guard let index = monthPrefixes.firstIndex(of: packed) else { return nil }
        return index + 1
    }

    /// Reads a numeric date: `11/02/1963`, `7/19/68`, `2025-10-09`, `14.03.1961`,
    /// `14-Mar-1961`, or eight digits `19610314`. Month and day are read in US order unless
    /// the first number is above 12, or the year comes first.
    static func date(from shape: NumberShape) -> CalendarDate? {
        if shape.groupCount == 1 {
            return compactDate(shape)
        }
        guard shape.groupCount == 3, let separator = shape.uniformSeparator,
            separator == 0x2F || separator == 0x2D || separator == 0x2E
        else {
            return nil
        }
        let lengths = (shape.length(0), shape.length(1), shape.length(2))
        if shape.group(1).letters > 0 {
            return dayMonthNameYear(shape)
        }
        guard shape.isDigitsOnly else { return nil }
        if lengths.0 == 4 && lengths.1 <= 2 && lengths.2 <= 2 {
            return CalendarDate(
                year: shape.groupValue(0), month: shape.groupValue(1), day: shape.groupValue(2))
        }
        guard lengths.0 <= 2, lengths.1 <= 2, lengths.2 == 2 || lengths.2 == 4 else {
            return nil
        }
        let year = CalendarDate.expandYear(shape.groupValue(2), digits: lengths.2)
        let first = shape.groupValue(0)
        let second = shape.groupValue(1)
        if first > 12 {
            return CalendarDate(year: year, month: second, day: first)
        }
        return CalendarDate(year: year, month: first, day: second)
    }

    private static func compactDate(_ shape: NumberShape) -> CalendarDate? {
        guard shape.hasLengths(8), shape.isDigitsOnly else { return nil }
        let value = shape.groupValue(0)
        return CalendarDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    private static func dayMonthNameYear(_ shape: NumberShape) -> CalendarDate? {
        guard shape.group(0).isDigitsOnly, shape.group(2).isDigitsOnly, shape.length(0) <= 2,
            shape.length(2) == 2 || shape.length(2) == 4, shape.group(1).digits == 0,
            let month = month(named: shape.groupBytes(1))
        else {
            return nil
        }
        let year = CalendarDate.expandYear(shape.groupValue(2), digits: shape.length(2))
        return CalendarDate(year: year, month: month, day: shape.groupValue(0))
    }

    /// Reads a date around a month name whose bytes are `nameStart ..< nameEnd`:
    /// `March 14th, 1961`, `Mar 14 1961`, `14 March 1961` or `14th of March, 1961`.
    /// Returns the date and its byte range, or nil.
    static func dateAroundMonthName(
        _ text: UnsafeBufferPointer<UInt8>, nameStart: Int, nameEnd: Int
    ) -> (date: CalendarDate, start: Int, end: Int)? {
        guard let month = month(named: text[nameStart..<nameEnd]) else { return nil }
        var reader = TextCursor(text: text, position: nameEnd)
        reader.skip(while: { $0 == 0x2E || ASCII.isSpace($0) || $0 == 0x2D })
        if let day = reader.readNumber(maxDigits: 2) {
            reader.skipOrdinalSuffix()
            reader.skip(while: { $0 == 0x2C || ASCII.isSpace($0) })
            if let year = reader.readNumber(maxDigits: 4, minDigits: 4),
                let date = CalendarDate(year: year, month: month, day: day)
            {
                return (date, nameStart, reader.position)
            }
        }
        return dayBeforeMonthName(text, nameStart: nameStart, nameEnd: nameEnd, month: month)
    }

    private static func dayBeforeMonthName(
        _ text: UnsafeBufferPointer<UInt8>, nameStart: Int, nameEnd: Int, month: Int
    ) -> (date: CalendarDate, start: Int, end: Int)? {
        var back = nameStart
        back = TextCursor.skipBackward(text, from: back) { ASCII.isSpace($0) }
        if back >= 2 && ASCII.lowercased(text[back - 2]) == 0x6F
            && ASCII.lowercased(text[back - 1]) == 0x66
        {
            back -= 2
            back = TextCursor.skipBackward(text, from: back) { ASCII.isSpace($0) }
        }
        if back >= 3 && ASCII.isDigit(text[back - 3]) && ASCII.isLetter(text[back - 1]) {
            back -= 2
        }
        let dayEnd = back
        back = TextCursor.skipBackward(text, from: back) { ASCII.isDigit($0) }
        guard dayEnd > back, dayEnd - back <= 2 else { return nil }
        if back > 0 && ASCII.isAlphanumeric(text[back - 1]) { return nil }
        let day = text[back..<dayEnd].reduce(0) { $0 * 10 + ASCII.digitValue($1) }

        var reader = TextCursor(text: text, position: nameEnd)
        reader.skip(while: { $0 == 0x2E || $0 == 0x2C || ASCII.isSpace($0) })
        guard let year = reader.readNumber(maxDigits: 4, minDigits: 4),
            let date = CalendarDate(year: year, month: month, day: day)
        else {
            return nil
        }
        return (date, back, reader.position)
    }
}

/// A read position in a text view, for the small parsers around keywords.
struct TextCursor {
    let text: UnsafeBufferPointer<UInt8>
    var position: Int

    var current: UInt8? { position < text.count ? text[position] : nil }

    mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < text.count && predicate(text[position]) { position += 1 }
    }

    /// Reads a number of `minDigits` to `maxDigits` digits that is not followed by another
    /// digit, or leaves the position unchanged and returns nil.
    mutating func readNumber(maxDigits: Int, minDigits: Int = 1) -> Int? {
        var end = position
        while end < text.count && ASCII.isDigit(text[end]) && end - position <= maxDigits {
            end += 1
        }
        let count = end - position
        guard count >= minDigits, count <= maxDigits else { return nil }
        if end < text.count && ASCII.isAlphanumeric(text[end])
            && !isOrdinalSuffix(at: end)
        {
            return nil
        }
        let value = text[position..<end].reduce(0) { $0 * 10 + ASCII.digitValue($1) }
        position = end
        return value
    }

    mutating func skipOrdinalSuffix() {
        if isOrdinalSuffix(at: position) { position += 2 }
    }

    private func isOrdinalSuffix(at index: Int) -> Bool {
        guard index + 1 < text.count else { return false }
        let first = ASCII.lowercased(text[index])
        let second = ASCII.lowercased(text[index + 1])
        let isSuffix =
            (first == 0x73 && second == 0x74) || (first == 0x6E && second == 0x64)
            || (first == 0x72 && second == 0x64) || (first == 0x74 && second == 0x68)
        guard isSuffix else { return false }
        return index + 2 >= text.count || !ASCII.isAlphanumeric(text[index + 2])
    }

    /// Returns the index before the run of bytes ending at `end` that satisfy `predicate`.
    static func skipBackward(
        _ text: UnsafeBufferPointer<UInt8>, from end: Int, while predicate: (UInt8) -> Bool
    ) -> Int {
        var index = end
        while index > 0 && predicate(text[index - 1]) { index -= 1 }
        return index
    }
}
