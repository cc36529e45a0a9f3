/// Answers questions about the dictionary terms around a position of one text view: which
/// label is bound to a value, and which roles are within the context window.
struct ContextIndex {
    /// Bytes before a candidate that count as its context.
    static let windowBefore = 64
    /// Bytes after a candidate that count as its context.
    static let windowAfter = 32
    /// The largest gap between a label and the value it binds, as in
    /// `Social Security number is 412-73-9051`.
    static let maxLabelGap = 24

    let hits: [TermHit]
    let roles: [TermRole]
    let text: UnsafeBufferPointer<UInt8>

    /// A label found right before a value.
    struct Label {
        var roles: TermRole
        var start: Int
        /// True when `:`, `#` or `=` is between the label and the value.
        var hasPunctuation: Bool
    }

    /// Returns the union of the roles of every hit.
    func unionOfRoles() -> TermRole {
        var result: TermRole = []
        roles.withUnsafeBufferPointer { roles in
            for hit in hits { result.formUnion(roles[Int(hit.term)]) }
        }
        return result
    }

    /// Returns the index of the first hit whose end is at least `position`.
    func firstHit(endingAtOrAfter position: Int) -> Int {
        var low = 0
        var high = hits.count
        while low < high {
            let middle = (low + high) / 2
            if Int(hits[middle].end) < position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Returns the index of the first hit whose end is at least `position`, searching from
    /// `hint`, which must not be past that index. Callers that look up positions in
    /// increasing order pass the previous result, so each hit is visited once.
    @inline(__always)
    func firstHit(endingAtOrAfter position: Int, from hint: Int) -> Int {
        var index = hint
        while index < hits.count && Int(hits[index].end) < position { index += 1 }
        return index
    }

    /// Returns the index of the first hit whose end is at least `position`, from `hint`
    /// when there is one, else by binary search.
    @inline(__always)
    private func firstHit(endingAtOrAfter position: Int, hint: Int?) -> Int {
        guard let hint else { return firstHit(endingAtOrAfter: position) }
        return firstHit(endingAtOrAfter: position, from: hint)
    }

    /// Returns the union of the roles of terms that end within `windowBefore` bytes before
    /// `start` or start within `windowAfter` bytes after `end`.
    ///
    /// `hint`, when given, is an index no greater than the first hit that ends at or after
    /// `start - before`, as in the other queries that take one.
    func rolesNear(
        start: Int, end: Int, before: Int = windowBefore, after: Int = windowAfter,
        hint: Int? = nil
    ) -> TermRole {
        var result: TermRole = []
        var index = firstHit(endingAtOrAfter: start - before, hint: hint)
        while index < hits.count {
            let hit = hits[index]
            if Int(hit.start) > end + after { break }
            if Int(hit.end) <= start || Int(hit.start) >= end {
                result.formUnion(roles[Int(hit.term)])
            }
            index += 1
        }
        return result
    }

    /// Returns the label that ends right before `start`, separated from it only by white
    /// space, `:`, `#`, `=`, `-`, `.`, parentheses and the words `is`, `no`, `number`,
    /// `id` and their like, or nil. Several terms ending at the same place, such as
    /// `date of birth` and `birth`, give one label with the union of their roles.
    func label(before start: Int, hint: Int? = nil) -> Label? {
        var index = firstHit(endingAtOrAfter: start + 1, hint: hint) - 1
        guard index >= 0 else { return nil }
        let end = Int(hits[index].end)
        guard end <= start, start - end <= ContextIndex.maxLabelGap else { return nil }
        guard let punctuation = LabelGap.check(text, from: end, to: start) else { return nil }

        var roles: TermRole = []
        var labelStart = end
        while index >= 0 && Int(hits[index].end) == end {
            roles.formUnion(self.roles[Int(hits[index].term)])
            labelStart = min(labelStart, Int(hits[index].start))
            index -= 1
        }
        return Label(roles: roles, start: labelStart, hasPunctuation: punctuation)
    }

    /// Returns true when `start ..< end` lies inside a term with one of `roles`, as the
    /// `12` of `vitamin B12` does.
    func isInsideTerm(start: Int, end: Int, having roles: TermRole, hint: Int? = nil) -> Bool {
        var index = firstHit(endingAtOrAfter: end, hint: hint)
        while index < hits.count && Int(hits[index].start) <= start {
            if Int(hits[index].end) >= end
                && !self.roles[Int(hits[index].term)]
                    .isDisjoint(with: roles)
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// Returns the roles of the nearest term that ends within `distance` bytes before
    /// `start` and has one of `roles`, or nil.
    func nearestBefore(
        _ start: Int, within distance: Int, having roles: TermRole, hint: Int? = nil
    ) -> TermRole? {
        var index = firstHit(endingAtOrAfter: start + 1, hint: hint) - 1
        while index >= 0 {
            let hit = hits[index]
            if Int(hit.end) < start - distance { return nil }
            let hitRoles = self.roles[Int(hit.term)]
            if !hitRoles.isDisjoint(with: roles) { return hitRoles }
            index -= 1
        }
        return nil
    }
}

/// The bytes allowed between a label and its value.
enum LabelGap {
    static let connectorWords: Set<String> = [
        "is", "was", "no", "nbr", "num", "number", "id", "of", "on", "at", "as", "are",
    ]

    /// The connector words, each packed as its lower-case bytes in one integer.
    private static let packedConnectorWords = Set(connectorWords.map { pack($0.utf8) })

    /// The maximum length of a connector word, in bytes.
    private static let maxConnectorLength = connectorWords.map(\.utf8.count).max() ?? 0

    private static func pack(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(UInt64(0)) { $0 << 8 | UInt64(ASCII.lowercased($1)) }
    }

    /// Returns whether the gap has `:`, `#` or `=`, or nil when the gap has anything other
    /// than connectors, or more than one line break.
    static func check(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool? {
        var punctuation = false
        var lineBreaks = 0
        var index = start
        while index < end {
            let byte = text[index]
            switch byte {
            case 0x3A, 0x23, 0x3D:
                punctuation = true
            case 0x0A:
                lineBreaks += 1
                if lineBreaks > 1 { return nil }
            case 0x20, 0x09, 0x0D, 0x2D, 0x2E, 0x28, 0x29, 0x7C, 0x2A, 0x2B, 0x5B, 0x5D:
                break
            default:
                guard ASCII.isLetter(byte) else { return nil }
                let wordEnd = endOfWord(text, from: index, limit: end)
                guard wordEnd - index <= maxConnectorLength,
                    packedConnectorWords.contains(pack(text[index..<wordEnd]))
                else {
                    return nil
                }
                index = wordEnd
                continue
            }
            index += 1
        }
        return punctuation
    }

    private static func endOfWord(_ text: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int)
        -> Int
    {
        var index = start
        while index < limit && ASCII.isLetter(text[index]) { index += 1 }
        return index
    }
}
