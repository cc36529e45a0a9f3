/// Reads the number around a run of digits: letters glued in front of it, then groups of
/// letters and digits joined by short separators. Keeps the result as a `NumberCandidate`
/// when it could be an identifier, code or date.
enum NumberExtractor {
    /// The maximum number of groups in one candidate; `4111 1111 1111 1111 111` needs five.
    /// The group buffer of `extract` is an `InlineArray` of this size, so change both together.
    static let maxGroups = 8
    /// Letters read back from the first digit, enough for `callme2025550143`.
    static let maxLeadingLetters = 16
    /// A longer run of letters and digits is a hash, key or encoded data, never an
    /// identifier.
    static let maxGroupLength = 40

    /// Reads the candidate whose first run of digits starts at `index`, appends it to
    /// `result` when it is worth validating, and returns the index after its end.
    static func extract(
        _ text: UnsafeBufferPointer<UInt8>, digitAt index: Int, into result: inout ViewScan
    ) -> Int {
        var start = index
        while start > 0 && index - start < maxLeadingLetters && ASCII.isLetter(text[start - 1]) {
            start -= 1
        }
        start = prefixStart(text, before: start)

        // The groups are collected on the stack and copied to `result` only for a number
        // worth validating, which most short runs of digits are not.
        var groups = InlineArray<8, TokenGroup>(
            repeating: TokenGroup(start: 0, end: 0, digits: 0, letters: 0))
        var groupCount = 0
        var position = start
        var digits = 0
        while true {
            let group = readGroup(text, from: position)
            position = Int(group.end)
            if group.length > maxGroupLength {
                return skipAlphanumerics(text, from: position)
            }
            groups[groupCount] = group
            groupCount += 1
            digits += Int(group.digits)
            guard groupCount < maxGroups, let next = nextGroupStart(text, after: position) else {
                break
            }
            position = next
        }

        guard isWorthValidating(digits: digits, groups: groups, count: groupCount, text: text)
        else {
            return position
        }
        let firstGroup = result.groups.count
        for index in 0..<groupCount {
            result.groups.append(groups[index])
        }
        result.candidates.append(
            NumberCandidate(
                start: Int32(start), end: Int32(position), firstGroup: Int32(firstGroup),
                groupCount: Int16(groupCount), digits: Int16(digits)))
        return position
    }

    /// Returns the start of a short letter prefix joined by a dash, as in `A-448812`, or
    /// `start` when there is none.
    private static func prefixStart(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Int {
        guard start >= 2, text[start - 1] == 0x2D, ASCII.isLetter(text[start - 2]) else {
            return start
        }
        var prefix = start - 1
        while prefix > 0 && start - 1 - prefix < 6 && ASCII.isLetter(text[prefix - 1]) {
            prefix -= 1
        }
        if prefix > 0 && ASCII.isAlphanumeric(text[prefix - 1]) { return start }
        return prefix
    }

    private static func readGroup(_ text: UnsafeBufferPointer<UInt8>, from start: Int)
        -> TokenGroup
    {
        var position = start
        var digits: Int16 = 0
        var letters: Int16 = 0
        while position < text.count && position - start <= maxGroupLength {
            let byte = text[position]
            if ASCII.isDigit(byte) {
                digits += 1
            } else if ASCII.isLetter(byte) {
                letters += 1
            } else {
                break
            }
            position += 1
        }
        return TokenGroup(
            start: Int32(start), end: Int32(position), digits: digits, letters: letters)
    }

    private static func skipAlphanumerics(_ text: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int
    {
        var position = start
        while position < text.count && ASCII.isAlphanumeric(text[position]) { position += 1 }
        return position
    }

    /// Returns where the next group starts when the bytes after `end` are a separator that
    /// joins two parts of one number, or nil.
    ///
    /// A separator is one to three of space, tab, `-`, `.`, `/`, `(` and `)`, with at most
    /// one space or tab unless a dash is among them (`555 - 0142`). After a space, tab or
    /// parenthesis the next group must start with a digit, so `Visa 4539` and
    /// `4539 exp` stay apart from the card number.
    static func nextGroupStart(_ text: UnsafeBufferPointer<UInt8>, after end: Int) -> Int? {
        var position = end
        var spaces = 0
        var hasDash = false
        var needsDigit = false
        while position < text.count && position - end < 3 {
            let byte = text[position]
            switch byte {
            case 0x20, 0x09:
                spaces += 1
                needsDigit = true
            case 0x28, 0x29:
                needsDigit = true
            case 0x2D:
                hasDash = true
            case 0x2E, 0x2F:
                break
            default:
                return joinedGroupStart(
                    text, at: position, from: end, spaces: spaces, hasDash: hasDash,
                    needsDigit: needsDigit)
            }
            position += 1
        }
        guard position < text.count else { return nil }
        return joinedGroupStart(
            text, at: position, from: end, spaces: spaces, hasDash: hasDash,
            needsDigit: needsDigit)
    }

    private static func joinedGroupStart(
        _ text: UnsafeBufferPointer<UInt8>, at position: Int, from end: Int, spaces: Int,
        hasDash: Bool, needsDigit: Bool
    ) -> Int? {
        guard position > end, ASCII.isAlphanumeric(text[position]) else { return nil }
        guard spaces <= 1 || (spaces == 2 && hasDash) else { return nil }
        if needsDigit && !ASCII.isDigit(text[position]) { return nil }
        return position
    }

    /// Returns true for a number with five digits or more, three groups of digits, or a
    /// first group in the shape of an ICD-10 category.
    private static func isWorthValidating(
        digits: Int, groups: InlineArray<8, TokenGroup>, count: Int,
        text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        if digits >= 5 { return true }
        if count >= 3 && groups[0].isDigitsOnly && groups[1].isDigitsOnly
            && groups[2].isDigitsOnly
        {
            return true
        }
        return startsWithICD10Category(groups[0], text: text)
    }

    private static func startsWithICD10Category(
        _ first: TokenGroup, text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard (3...7).contains(first.length) else { return false }
        let start = Int(first.start)
        return ASCII.isLetter(text[start]) && ASCII.isDigit(text[start + 1])
            && ASCII.isAlphanumeric(text[start + 2])
    }
}
