/// Reads the date of a Received line leniently: RFC 5322 dates with or without weekday,
/// two-digit years, fractional seconds, military and North American zone names, asctime
/// order (`Mar  3 10:15:08 2026`), ISO 8601 and Go's `2026-03-03 10:15:08.1 +0000 UTC
/// m=+80112.6`. Words it cannot place after a complete date are ignored.
enum ReceivedDateParser {
    /// The date fields found so far.
    private struct Fields {
        var day: Int?
        var month: Int?
        var year: Int?
        var hour: Int?
        var minute: Int?
        var second = 0
        var offsetMinutes: Int?

        var isComplete: Bool {
            day != nil && month != nil && year != nil && hour != nil
        }
    }

    static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let zoneOffsets: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360,
        "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    ]

    /// Parses the words of a date. Returns nil unless day, month, year and time are all
    /// present and valid, and unless the year is 1970 or later.
    static func parse(_ words: [String]) -> ReceivedDate? {
        var fields = Fields()
        for word in words.flatMap(splitPunctuation) {
            guard read(word, into: &fields) else {
                if fields.isComplete { break }
                if fields.day != nil || fields.month != nil || fields.hour != nil { return nil }
                continue
            }
        }
        return makeDate(fields)
    }

    /// Returns true when `words` begins a date: a weekday, an ISO date, or a day number
    /// followed by a month name. Used to find a date that lacks its `;`.
    static func startsDate(_ words: ArraySlice<String>) -> Bool {
        guard let first = words.first?.lowercased() else { return false }
        let bare = first.hasSuffix(",") ? String(first.dropLast()) : first
        if weekdayNames.contains(where: { bare.hasPrefix($0) }) && bare.count <= 9
            && bare.allSatisfy(\.isLetter)
        {
            return true
        }
        if isoDate(first) != nil { return true }
        let next = words.dropFirst().first?.lowercased() ?? ""
        return bare.count <= 2 && bare.allSatisfy(\.isNumber) && monthNumber(next) != nil
    }

    private static func splitPunctuation(_ word: String) -> [String] {
        word.split(separator: ",").map(String.init)
    }

    /// Places one word; returns false when it is no part of a date.
    private static func read(_ word: String, into fields: inout Fields) -> Bool {
        let lower = word.lowercased()
        if weekdayNames.contains(where: { lower.hasPrefix($0) }) && lower.allSatisfy(\.isLetter) {
            return fields.hour == nil
        }
        if let month = monthNumber(lower) {
            guard fields.month == nil else { return false }
            fields.month = month
            return true
        }
        if let iso = isoDate(word) {
            guard fields.year == nil else { return false }
            (fields.year, fields.month, fields.day) = (iso.year, iso.month, iso.day)
            if let time = iso.time { return readTime(time, into: &fields) }
            return true
        }
        if lower.first?.isNumber == true && lower.contains(":") {
            return fields.hour == nil && readTime(Substring(word), into: &fields)
        }
        if lower.allSatisfy(\.isNumber) && !lower.isEmpty {
            return readNumber(lower, into: &fields)
        }
        if let offset = numericOffset(lower) {
            guard fields.offsetMinutes == nil else { return false }
            fields.offsetMinutes = offset
            return true
        }
        if let offset = zoneOffsets[lower] {
            if fields.offsetMinutes == nil { fields.offsetMinutes = offset }
            return true
        }
        return false
    }

    private static func readNumber(_ digits: String, into fields: inout Fields) -> Bool {
        guard digits.count <= 4, let value = Int(digits) else { return false }
        if fields.day == nil && digits.count <= 2 && fields.year == nil {
            fields.day = value
        } else if fields.year == nil && digits.count >= 2 {
            fields.year = value
        } else {
            return false
        }
        return true
    }

    /// Reads `hh:mm[:ss[.fraction]]` and an offset glued to it (`Z`, `+02:00`).
    private static func readTime(_ text: Substring, into fields: inout Fields) -> Bool {
        var clock = text
        if let zoneStart = clock.firstIndex(where: { $0 == "Z" || $0 == "z" || $0 == "+" })
            ?? clock.dropFirst().firstIndex(of: "-")
        {
            let zone = clock[zoneStart...].lowercased()
            fields.offsetMinutes = zone == "z" ? 0 : numericOffset(zone)
            clock = clock[..<zoneStart]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else {
            return false
        }
        if parts.count == 3 {
            let whole = parts[2].split(separator: ".", maxSplits: 1).first ?? ""
            guard let second = Int(whole), second <= 60 else { return false }
            fields.second = min(second, 59)
        }
        fields.hour = hour
        fields.minute = minute
        return true
    }

    /// Parses `+hhmm`, `-hhmm` or `+hh:mm`.
    private static func numericOffset(_ text: String) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, digits.allSatisfy(\.isNumber),
            let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
            hours <= 23, minutes <= 59
        else {
            return nil
        }
        let offset = hours * 60 + minutes
        return sign == "-" ? -offset : offset
    }

    private static func monthNumber(_ lower: String) -> Int? {
        guard lower.count >= 3, lower.allSatisfy(\.isLetter) else { return nil }
        guard let index = monthNames.firstIndex(of: String(lower.prefix(3))) else { return nil }
        return index + 1
    }

    /// Parses `yyyy-mm-dd`, optionally followed by `T` and a time.
    private static func isoDate(_ word: String) -> (
        year: Int, month: Int, day: Int, time: Substring?
    )? {
        let parts = word.split(separator: "T", maxSplits: 1)
        guard let datePart = parts.first else { return nil }
        let fields = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2,
            fields[2].count == 2, let year = Int(fields[0]), let month = Int(fields[1]),
            let day = Int(fields[2])
        else {
            return nil
        }
        return (year, month, day, parts.count == 2 ? parts[1] : nil)
    }

    private static func makeDate(_ fields: Fields) -> ReceivedDate? {
        guard let day = fields.day, let month = fields.month, var year = fields.year,
            let hour = fields.hour, let minute = fields.minute
        else {
            return nil
        }
        if year < 50 {
            year += 2000
        } else if year < 1000 {
            year += 1900
        }
        guard (1970...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilCalendar.daysInMonth(month, year: year)
        else {
            return nil
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let offset = fields.offsetMinutes ?? 0
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + fields.second)
        return ReceivedDate(
            secondsSince1970: local - Int64(offset * 60), utcOffsetMinutes: offset,
            hasZone: fields.offsetMinutes != nil)
    }
}
