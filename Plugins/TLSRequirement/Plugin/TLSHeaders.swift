/// The header fields that the plugin adds. The engine removes incoming fields whose names
/// start with `X-TLSGuard-` before any plugin adds its own, so a sender cannot forge them.
enum TLSHeaders {
    /// The connection's TLS: `version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256`,
    /// `none`, or `unknown` behind a proxy that passed no TLS facts.
    static let connection = "X-TLSGuard-TLS"
    /// The chain totals: `internet=3 encrypted=2 clear=1 unknown=0 path=clear`.
    static let hops = "X-TLSGuard-Hops"
    /// One line per failed requirement or judged hop when the action is `tag`.
    static let warning = "X-TLSGuard-Warning"

    /// Maximum length of a value the plugin writes, well below the 998-octet line limit.
    static let maxValueLength = 400

    static func connectionValue(_ state: ConnectionTLSState) -> String {
        switch state {
        case .encrypted(let facts):
            var parts: [String] = []
            if let version = facts.versionText { parts.append("version=" + token(version)) }
            if let cipher = facts.cipher { parts.append("cipher=" + token(cipher)) }
            if let bits = facts.bits { parts.append("bits=\(bits)") }
            return parts.isEmpty ? "unknown-version" : parts.joined(separator: " ")
        case .clear, .local:
            return "none"
        case .unknown:
            return "unknown"
        }
    }

    static func hopsValue(_ summary: ChainSummary) -> String {
        "internet=\(summary.internetHops) encrypted=\(summary.encrypted) clear=\(summary.clear) "
            + "unknown=\(summary.unknown) path=\(summary.verdict.rawValue)"
    }

    /// Returns `text` as a header value: printable US-ASCII only, no line breaks, at most
    /// `maxValueLength` characters.
    static func sanitized(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(maxValueLength) {
            if scalar == "→" {
                result += "->"
            } else if scalar.value >= 0x20 && scalar.value <= 0x7E {
                result.unicodeScalars.append(scalar)
            } else {
                result += "?"
            }
        }
        return result
    }

    /// Returns `text` as one word: printable ASCII without spaces.
    private static func token(_ text: String) -> String {
        sanitized(text).replacingSpaces()
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "_" : $0 })
    }
}
