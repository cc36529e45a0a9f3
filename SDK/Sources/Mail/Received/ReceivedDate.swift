/// The date of a Received line as an instant and the UTC offset it was written in.
public struct ReceivedDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01 00:00:00 UTC; fractions of a second are dropped.
    public var secondsSince1970: Int64
    /// The written offset from UTC in minutes; 0 when no zone was written.
    public var utcOffsetMinutes: Int
    /// False when the line gave no zone, so the instant assumes UTC.
    public var hasZone: Bool

    public init(secondsSince1970: Int64, utcOffsetMinutes: Int, hasZone: Bool = true) {
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetMinutes = utcOffsetMinutes
        self.hasZone = hasZone
    }

    public static func < (lhs: ReceivedDate, rhs: ReceivedDate) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// The instant in UTC as `2025-03-03T16:40:02Z`.
    public var description: String {
        let days = Int(secondsSince1970.quotientAndRemainder(dividingBy: 86_400).quotient)
        var seconds = Int(secondsSince1970 - Int64(days) * 86_400)
        var dayNumber = days
        if seconds < 0 {
            seconds += 86_400
            dayNumber -= 1
        }
        let (year, month, day) = CivilCalendar.date(fromDays: dayNumber)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(seconds / 3600, 2) + ":" + pad(seconds % 3600 / 60, 2) + ":"
            + pad(seconds % 60, 2) + "Z"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// Conversions between days since 1970-01-01 and proleptic Gregorian dates, after
/// Howard Hinnant's `days_from_civil` algorithm.
enum CivilCalendar {
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func date(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
