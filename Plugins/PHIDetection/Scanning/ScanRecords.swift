/// A dictionary term found in a text view: bytes `start ..< end`, whole words.
struct TermHit: Sendable {
    var start: Int32
    var end: Int32
    var term: Int32
}

/// A run of letters and digits inside a `NumberCandidate`.
struct TokenGroup: Sendable {
    var start: Int32
    var end: Int32
    var digits: Int16
    var letters: Int16

    var length: Int { Int(end - start) }
    var isDigitsOnly: Bool { letters == 0 }
}

/// Letters and digits around a run of digits, joined by short separators such as `-`, `/`,
/// `.`, a space or `) `, as the scanner found them: `643-28-1590`, `(617) 555-0142`,
/// `E11.9`, `XGM804412375`. The groups are `groups[firstGroup ..< firstGroup + groupCount]`
/// of the owning `ViewScan`.
struct NumberCandidate: Sendable {
    var start: Int32
    var end: Int32
    var firstGroup: Int32
    var groupCount: Int16
    var digits: Int16
}

/// The result of one pass over a text view: term hits in order of their end, and number
/// candidates in order of their start.
struct ViewScan: Sendable {
    var hits: [TermHit] = []
    var candidates: [NumberCandidate] = []
    var groups: [TokenGroup] = []

    /// Joins the scans of consecutive segments of one text. Terms that a segment's stream
    /// read past its end can end after the next segment's first terms, so the hits are
    /// sorted by end again when needed.
    static func merging(_ parts: [ViewScan]) -> ViewScan {
        var merged = ViewScan()
        merged.hits.reserveCapacity(parts.reduce(0) { $0 + $1.hits.count })
        for part in parts {
            let offset = Int32(merged.groups.count)
            merged.hits.append(contentsOf: part.hits)
            merged.groups.append(contentsOf: part.groups)
            for var candidate in part.candidates {
                candidate.firstGroup += offset
                merged.candidates.append(candidate)
            }
        }
        let sorted = zip(merged.hits, merged.hits.dropFirst()).allSatisfy { $0.end <= $1.end }
        if !sorted {
            merged.hits = merged.hits.enumerated()
                .sorted { ($0.element.end, $0.offset) < ($1.element.end, $1.offset) }
                .map(\.element)
        }
        return merged
    }

    func groups(of candidate: NumberCandidate) -> ArraySlice<TokenGroup> {
        let first = Int(candidate.firstGroup)
        return groups[first..<(first + Int(candidate.groupCount))]
    }
}
