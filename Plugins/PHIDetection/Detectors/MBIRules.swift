/// The Medicare Beneficiary Identifier format defined by CMS: eleven characters, in the
/// positions
///
/// | position | 1   | 2 | 3     | 4 | 5 | 6     | 7 | 8 | 9 | 10 | 11 |
/// |----------|-----|---|-------|---|---|-------|---|---|---|----|----|
/// | allowed  | 1–9 | A | A / N | N | A | A / N | N | A | A | N  | N  |
///
/// where N is a digit 0–9 and A an upper-case letter other than S, L, O, I, B and Z. Printed
/// MBIs may have dashes after positions 4 and 7 (`1EG4-TE5-MK73`); the dashes are not part
/// of the identifier.
enum MBIRules {
    private enum Position { case nonZeroDigit, digit, letter, letterOrDigit }

    private static let positions: [Position] = [
        .nonZeroDigit, .letter, .letterOrDigit, .digit, .letter, .letterOrDigit, .digit,
        .letter, .letter, .digit, .digit,
    ]

    /// Returns true when `characters` (eleven bytes, dashes removed) follow the format.
    static func isValid(_ characters: some Collection<UInt8>) -> Bool {
        guard characters.count == 11 else { return false }
        for (byte, position) in zip(characters, positions) where !matches(byte, position) {
            return false
        }
        return true
    }

    private static func matches(_ byte: UInt8, _ position: Position) -> Bool {
        switch position {
        case .nonZeroDigit: byte >= 0x31 && byte <= 0x39
        case .digit: ASCII.isDigit(byte)
        case .letter: isAllowedLetter(byte)
        case .letterOrDigit: ASCII.isDigit(byte) || isAllowedLetter(byte)
        }
    }

    private static func isAllowedLetter(_ byte: UInt8) -> Bool {
        ASCII.isUpper(byte) && !"SLOIBZ".utf8.contains(byte)
    }
}
