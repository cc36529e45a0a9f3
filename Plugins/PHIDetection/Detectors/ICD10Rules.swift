/// The shape of an ICD-10-CM code: a category of a letter, a digit and a digit (or one of
/// the few categories whose third character is a letter, such as C4A or M1A), then
/// optionally a dot and one to four further characters (`E11.9`, `J45.909`, `S72.001A`).
enum ICD10Rules {
    /// Categories whose third character is a letter, each packed as three upper-case bytes
    /// in one integer.
    private static let letterCategories: Set<Int> = Set(
        ["C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"].map { category in
            category.utf8.reduce(0) { $0 << 8 | Int($1) }
        })

    /// Returns true when `code` is a category, optionally with a dot and an extension of
    /// one to four letters or digits. Codes written without the dot are accepted only when
    /// `allowUndotted` is true, because `E119` is also the shape of many product codes.
    static func isValid<Code: RandomAccessCollection<UInt8>>(_ code: Code, allowUndotted: Bool)
        -> Bool
    {
        guard code.count >= 3, code.count <= 8 else { return false }
        let base = code.startIndex
        let category = (
            code[base], code[code.index(base, offsetBy: 1)], code[code.index(base, offsetBy: 2)]
        )
        let first = ASCII.lowercased(category.0) & 0xDF
        guard ASCII.isUpper(first), ASCII.isDigit(category.1) else { return false }
        guard isCategoryThird(category) else { return false }
        if code.count == 3 { return true }

        var rest = code.dropFirst(3)
        if rest.first == 0x2E {
            rest = rest.dropFirst()
        } else if !allowUndotted {
            return false
        }
        return (1...4).contains(rest.count) && rest.allSatisfy(ASCII.isAlphanumeric)
    }

    private static func isCategoryThird(_ category: (UInt8, UInt8, UInt8)) -> Bool {
        if ASCII.isDigit(category.2) { return true }
        let packed =
            Int(ASCII.uppercased(category.0)) << 16 | Int(ASCII.uppercased(category.1)) << 8
            | Int(ASCII.uppercased(category.2))
        return letterCategories.contains(packed)
    }
}
