/// A calendar date read from text, checked for a real day of a plausible year.
struct CalendarDate: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// Creates a date when the day exists in that month and the year is 1880–2100.
    init?(year: Int, month: Int, day: Int) {
        guard (1880...2100).contains(year), (1...12).contains(month) else { return nil }
        guard (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Expands a two-digit year: 00–29 to 2000–2029 and 30–99 to 1930–1999.
    static func expandYear(_ year: Int, digits: Int) -> Int {
        guard digits == 2 else { return year }
        return year < 30 ? 2000 + year : 1900 + year
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }
}
