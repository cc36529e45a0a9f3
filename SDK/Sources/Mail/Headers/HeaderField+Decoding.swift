extension HeaderField {
    /// The value unfolded, with leading and trailing white space removed, still as bytes.
    public var unfoldedValue: [UInt8] {
        HeaderUnfolding.unfoldAndTrim(rawValue)
    }

    /// Decodes the value as a mail client displays it: unfolded, RFC 2047 encoded words
    /// decoded, raw 8-bit bytes read as UTF-8 where valid and otherwise in
    /// `fallbackCharset` or windows-1252.
    public func decodedValue(fallbackCharset: String? = nil) -> String {
        decodeValue(fallbackCharset: fallbackCharset).text
    }

    /// Decodes the value like `decodedValue(fallbackCharset:)` and reports what went wrong.
    public func decodeValue(fallbackCharset: String? = nil) -> DecodedHeaderValue {
        var decoded = EncodedWordDecoder.decode(unfoldedValue, fallbackCharset: fallbackCharset)
        let trimmed = Array(decoded.text.utf8).trimmingFoldingWhitespace()
        decoded.text = String(decoding: trimmed, as: UTF8.self)
        return decoded
    }
}

extension Array where Element == HeaderField {
    /// Returns the first field named `name`, compared without case.
    public func first(named name: String) -> HeaderField? {
        first { $0.hasName(name) }
    }

    /// Returns every field named `name`, in order.
    public func all(named name: String) -> [HeaderField] {
        filter { $0.hasName(name) }
    }
}
