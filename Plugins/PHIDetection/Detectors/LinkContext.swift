/// Finds out whether a position is inside a link or an e-mail address, where numbers are
/// ids, tracking codes and cache busters rather than identifiers of a person.
enum LinkContext {
    enum Kind { case none, link, telephoneLink }

    /// Looks back from `position` to the white space, quote, `<` or comma that starts its
    /// token, at most 200 bytes, for `://`, `www.`, `@` or a `tel:` prefix. The comma ends
    /// the search in CSV rows; a link with a comma before the number is missed.
    static func kind(at position: Int, in text: UnsafeBufferPointer<UInt8>) -> Kind {
        var start = position
        var hasAt = false
        var hasSchemeSeparator = false
        while start > 0 && position - start < 200 {
            let byte = text[start - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x22
                || byte == 0x3C || byte == 0x2C
            {
                break
            }
            if byte == 0x40 { hasAt = true }
            if byte == 0x2F && start >= 3 && text[start - 2] == 0x2F && text[start - 3] == 0x3A {
                hasSchemeSeparator = true
            }
            start -= 1
        }
        if hasPrefix(text, at: start, end: position, "tel:") { return .telephoneLink }
        if hasAt || hasSchemeSeparator || hasPrefix(text, at: start, end: position, "www.") {
            return .link
        }
        return .none
    }

    private static func hasPrefix(
        _ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, _ prefix: StaticString
    ) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard end - start >= count else { return false }
        let bytes = prefix.utf8Start
        for offset in 0..<count where ASCII.lowercased(text[start + offset]) != bytes[offset] {
            return false
        }
        return true
    }
}
