/// The shape of an ICD-10-CM code: a category of a letter, a digit and a digit (or one of
/// the few categories whose third character is a letter, such as C4A or M1A), then
/// optionally a dot and one to four further characters (`E11.9`, `J45.909`, `S72.001A`).
enum ICD10Rules {
    /// Categories whose third character is a letter.
    private static let letterCategories: Set<String> = [
        "C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A",
    ]

    /// Returns true when `code` is a category, optionally with a dot and an extension of
    /// one to four letters or digits. Codes written without the dot are accepted only when
    /// `allowUndotted` is true, because `E119` is also the shape of many product codes.
    static func isValid(_ code: [UInt8], allowUndotted: Bool) -> Bool {
        guard code.count >= 3, code.count <= 8 else { return false }
        let first = ASCII.lowercased(code[0]) & 0xDF
        guard ASCII.isUpper(first), ASCII.isDigit(code[1]) else { return false }
        guard isCategoryThird(code) else { return false }
        if code.count == 3 { return true }

        var rest = code[3...]
        if rest.first == 0x2E {
            rest = rest.dropFirst()
        } else if !allowUndotted {
            return false
        }
        return (1...4).contains(rest.count) && rest.allSatisfy(ASCII.isAlphanumeric)
    }

    private static func isCategoryThird(_ code: [UInt8]) -> Bool {
        if ASCII.isDigit(code[2]) { return true }
        let category = String(decoding: code[0..<3], as: UTF8.self).uppercased()
        return letterCategories.contains(category)
    }
}
