/// A parsed Content-Type value (RFC 2045 section 5).
public struct ContentType: Sendable, Hashable {
    /// Lower-cased top-level type, such as `text`.
    public var type: String
    /// Lower-cased subtype, such as `plain`.
    public var subtype: String
    public var parameters: MIMEParameters

    public init(type: String, subtype: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `type/subtype`, lower-cased.
    public var mimeType: String { type + "/" + subtype }

    public var charset: String? { parameters["charset"] }

    /// The boundary's bytes as the delimiter lines must contain them, or nil when missing
    /// or empty.
    public var boundary: [UInt8]? {
        guard let bytes = parameters.bytes(of: "boundary"), !bytes.isEmpty else { return nil }
        return bytes
    }

    /// Parses a Content-Type value, raw or unfolded. Returns nil when there is no
    /// `type/subtype` made of tokens, which RFC 2045 says to read as `text/plain`.
    ///
    /// White space around `/` and `=`, upper case and comments are tolerated.
    public static func parse(_ value: some Collection<UInt8>) -> ContentType? {
        let bytes = HeaderUnfolding.unfold(value)[...]
        var index = ParameterListScanner.skipWhitespaceAndComments(bytes, from: bytes.startIndex)
        let typeStart = index
        while index < bytes.endIndex && isTokenByte(bytes[index]) { index += 1 }
        let type = bytes[typeStart..<index]
        index = ParameterListScanner.skipWhitespaceAndComments(bytes, from: index)
        guard !type.isEmpty, index < bytes.endIndex, bytes[index] == ASCII.slash else {
            return nil
        }
        index = ParameterListScanner.skipWhitespaceAndComments(bytes, from: index + 1)
        let subtypeStart = index
        while index < bytes.endIndex && isTokenByte(bytes[index]) { index += 1 }
        let subtype = bytes[subtypeStart..<index]
        guard !subtype.isEmpty else { return nil }
        let parameters = MIMEParameters.parse(bytes[index...])
        return ContentType(
            type: String(decoding: type.asciiLowercased(), as: UTF8.self),
            subtype: String(decoding: subtype.asciiLowercased(), as: UTF8.self),
            parameters: parameters)
    }

    /// RFC 2045 token characters: printable US-ASCII except specials.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20 && byte < 0x7F else { return false }
        switch byte {
        case ASCII.openParenthesis, ASCII.closeParenthesis, ASCII.lessThan, ASCII.greaterThan,
            ASCII.at, ASCII.comma, ASCII.semicolon, ASCII.colon, ASCII.backslash, ASCII.quote,
            ASCII.slash, ASCII.openBracket, ASCII.closeBracket, ASCII.questionMark, ASCII.equals:
            return false
        default:
            return true
        }
    }
}

/// A parsed Content-Disposition value (RFC 2183).
public struct ContentDisposition: Sendable, Hashable {
    /// Lower-cased disposition type, such as `inline` or `attachment`.
    public var disposition: String
    public var parameters: MIMEParameters

    /// The decoded `filename` parameter, RFC 2231 and RFC 2047 forms included.
    public var filename: String? { parameters["filename"] }

    public var isAttachment: Bool { disposition == "attachment" }

    /// Parses a Content-Disposition value. A missing or invalid disposition type is kept
    /// as an empty string so the parameters still count.
    public static func parse(_ value: some Collection<UInt8>) -> ContentDisposition {
        let bytes = HeaderUnfolding.unfold(value)[...]
        var index = ParameterListScanner.skipWhitespaceAndComments(bytes, from: bytes.startIndex)
        let start = index
        while index < bytes.endIndex && ContentType.isTokenByte(bytes[index]) { index += 1 }
        var disposition = bytes[start..<index]
        if index < bytes.endIndex && bytes[index] == ASCII.equals {
            // No disposition type, the value starts with a parameter.
            disposition = []
            index = start
        }
        return ContentDisposition(
            disposition: String(decoding: disposition.asciiLowercased(), as: UTF8.self),
            parameters: MIMEParameters.parse(bytes[index...]))
    }
}
