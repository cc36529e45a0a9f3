/// The protocol names of the `with` clause: the IANA mail transmission types of
/// RFC 3848 and RFC 6531 and the well-known variants MTAs write.
public enum ReceivedProtocol {
    /// Upper-case keywords: `SMTP`, `ESMTP`, `LMTP`, `UTF8SMTP` and `UTF8LMTP` with the
    /// suffixes `A` (authenticated), `S` (TLS) and `SA`, plus `HTTP`, `HTTPS` and the
    /// non-registered `ESMTP-TLS`.
    public static let keywords: Set<String> = {
        var names: Set<String> = ["HTTP", "HTTPS", "ESMTP-TLS"]
        for base in ["SMTP", "ESMTP", "LMTP", "UTF8SMTP", "UTF8LMTP"] {
            for suffix in ["", "A", "S", "SA"] {
                names.insert(base + suffix)
            }
        }
        return names
    }()

    /// Returns the protocol as `tlsguard` reports it: a keyword in upper case (Exim's
    /// `esmtpsa` becomes `ESMTPSA`, Yahoo's `SMTPs` becomes `SMTPS`), the keyword before
    /// the first `/` of Cisco AsyncOS's `ESMTP/TLS/cipher`, and anything else verbatim
    /// (`Microsoft SMTP Server`, `mapi`, `local`).
    public static func normalized(_ raw: String) -> String {
        let upper = raw.uppercased()
        if keywords.contains(upper) { return upper }
        if let slash = upper.firstIndex(of: "/") {
            let first = String(upper[..<slash])
            if keywords.contains(first) { return first }
        }
        return raw
    }

    /// True when `raw` is a keyword in any case.
    public static func isKeyword(_ raw: String) -> Bool {
        keywords.contains(raw.uppercased())
    }

    /// True for keywords that state TLS: `…S` and `…SA` (RFC 3848), `HTTPS` and
    /// `ESMTP-TLS`.
    public static func statesTLS(_ keyword: String) -> Bool {
        guard keywords.contains(keyword) else { return false }
        return keyword.hasSuffix("S") || keyword.hasSuffix("SA") || keyword == "ESMTP-TLS"
    }

    /// True for keywords that state SMTP authentication: `…A` and `…SA`.
    public static func statesAuthentication(_ keyword: String) -> Bool {
        keywords.contains(keyword) && keyword.hasSuffix("A")
    }

    /// Chooses the protocol among several `with` values: the first one that is a keyword,
    /// otherwise the first one. Mimecast's `with ESMTP with STARTTLS` gives `ESMTP`, and a
    /// line that names its software before the keyword still gives the keyword.
    static func choose(_ values: [String]) -> String? {
        let normalized = values.map(normalized)
        return normalized.first(where: { keywords.contains($0) }) ?? normalized.first
    }
}
