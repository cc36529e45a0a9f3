/// Finds out whether a position is inside a link or an e-mail address, where numbers are
/// ids, tracking codes and cache busters rather than identifiers of a person.
enum LinkContext {
    enum Kind { case none, link, telephoneLink }

    /// Looks back from `position` to the white space that starts its token, at most 200
    /// bytes, for `://`, `www.`, `@` or a `tel:` prefix.
    static func kind(at position: Int, in text: UnsafeBufferPointer<UInt8>) -> Kind {
        var start = position
        while start > 0 && position - start < 200 {
            let byte = text[start - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x22
                || byte == 0x3C
            {
                break
            }
            start -= 1
        }
        let token = text[start..<position]
        if startsWith(token, "tel:") { return .telephoneLink }
        if contains(token, "://") || startsWith(token, "www.") || token.contains(0x40) {
            return .link
        }
        return .none
    }

    private static func startsWith(_ token: Slice<UnsafeBufferPointer<UInt8>>, _ prefix: String)
        -> Bool
    {
        let bytes = Array(prefix.utf8)
        guard token.count >= bytes.count else { return false }
        return zip(token, bytes).allSatisfy { ASCII.lowercased($0) == $1 }
    }

    private static func contains(_ token: Slice<UnsafeBufferPointer<UInt8>>, _ needle: String)
        -> Bool
    {
        let bytes = Array(needle.utf8)
        guard token.count >= bytes.count else { return false }
        let array = Array(token)
        for offset in 0...(array.count - bytes.count)
        where array[offset..<(offset + bytes.count)].elementsEqual(bytes) {
            return true
        }
        return false
    }
}
