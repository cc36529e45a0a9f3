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

    func groups(of candidate: NumberCandidate) -> ArraySlice<TokenGroup> {
        let first = Int(candidate.firstGroup)
        return groups[first..<(first + Int(candidate.groupCount))]
    }
}
