@testable import PHIDetection

/// Texts made from a seeded generator, for tests that compare two scanning paths on input
/// that no one wrote by hand: dictionary terms in any case, split over lines and
/// punctuation, numbers of every length, UTF-8 letters, and stray bytes.
struct RandomText {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// Returns a random number below `bound` (SplitMix64).
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((mixed ^ (mixed >> 31)) % UInt64(bound))
    }

    private static let separators = [
        " ", " ", " ", "  ", "\n", "\r\n", "\t", ", ", ": ", "-", "/", ".", "#", "(", ") ", " | ",
        "\n\n", "_",
    ]
    private static let words = [
        "the", "patient", "order", "invoice", "may", "date", "of", "birth", "MRN", "SSN", "dx",
        "type", "2", "diabetes", "mellitus", "a1c", "Dr.", "Mrs", "street", "St", "NPI", "DEA",
        "card", "Visa", "policy", "#", "member", "id", "ndc", "age", "year", "old", "Ámbar",
        "Valcárcel", "número", "e-mail", "www.example.org", "x@y.z", "tel:6175550142",
    ]

    /// Returns a text of about `length` bytes made of `terms`, common words, numbers and
    /// separators.
    mutating func text(length: Int, terms: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < length {
            bytes += piece(terms: terms)
            bytes += Array(RandomText.separators[next(RandomText.separators.count)].utf8)
        }
        return bytes
    }

    private mutating func piece(terms: [String]) -> [UInt8] {
        switch next(10) {
        case 0, 1, 2:
            return changeCase(Array(terms[next(terms.count)].utf8))
        case 3, 4:
            return Array(RandomText.words[next(RandomText.words.count)].utf8)
        case 5, 6:
            return number()
        case 7:
            return (0..<(1 + next(12))).map { _ in UInt8(0x61 + next(26)) }
        case 8:
            // A letter glued to digits, as in identifiers and hashes.
            return [UInt8(0x41 + next(26))] + number()
        default:
            return (0..<(1 + next(4))).map { _ in UInt8(next(256)) }
        }
    }

    private mutating func number() -> [UInt8] {
        let length = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 16, 19, 45][next(14)]
        var digits = (0..<length).map { _ in UInt8(0x30 + next(10)) }
        if next(3) == 0 {
            digits += [[0x2D], [0x2E], [0x2F], [0x20]][next(4)]
            digits += (0..<(1 + next(5))).map { _ in UInt8(0x30 + next(10)) }
        }
        return digits
    }

    private mutating func changeCase(_ bytes: [UInt8]) -> [UInt8] {
        switch next(3) {
        case 0: bytes
        case 1: bytes.map { ASCII.isLower($0) ? $0 & 0xDF : $0 }
        default: bytes.map { ASCII.isLetter($0) && next(2) == 0 ? $0 ^ 0x20 : $0 }
        }
    }
}
