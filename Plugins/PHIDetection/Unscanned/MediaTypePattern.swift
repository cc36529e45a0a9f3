import PluginAPI

/// A media type pattern of `phi_unscanned_exempt_types`: `type/subtype`, or `type/*` for
/// every subtype. Case is ignored.
struct MediaTypePattern: Sendable, Hashable {
    let type: String
    /// Nil for `*`.
    let subtype: String?

    /// Parses one list item of `key`.
    ///
    /// - Throws: `ConfigError.unusable` for an item that is not `type/subtype` or `type/*`,
    ///   such as `image`, `*/*` or `image/png/x`.
    init(_ text: String, key: String) throws(ConfigError) {
        let fields = text.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard fields.count == 2, MediaTypePattern.isToken(fields[0]), fields[0] != "*",
            fields[1] == "*" || MediaTypePattern.isToken(fields[1])
        else {
            throw .unusable(
                key: key, value: text,
                reason: "use media types such as image/png, or image/* for every image type")
        }
        type = String(fields[0])
        subtype = fields[1] == "*" ? nil : String(fields[1])
    }

    /// Returns true when the lower-cased `mediaType`, such as `image/png`, matches.
    func matches(_ mediaType: String) -> Bool {
        let fields = mediaType.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0] == type else { return false }
        return subtype.map { fields[1] == $0 } ?? true
    }

    /// True for an RFC 2045 token: printable US-ASCII without space and `tspecials`.
    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && !tokenSpecials.contains(byte)
            }
    }

    private static let tokenSpecials = Set("()<>@,;:\\\"/[]?=".utf8)
}
