/// Collects the TLS and authentication facts of one Received line from its protocol
/// keywords, the RFC 8314 `tls` clause, phrases and comments.
///
/// The first value found for a field is kept. A comment counts as stating TLS only when
/// it has the shape a known MTA writes with a valid version or a cipher name, so
/// sendmail's `(authenticated bits=0)` (SASL, not TLS) and `(using TLSv9.9 …)` do not.
struct ReceivedTLSScanner {
    private(set) var version: TLSProtocolVersion?
    private(set) var cipher: String?
    private(set) var bits: Int?
    private(set) var verification: String?
    private(set) var evidence: [String] = []
    private(set) var isAuthenticated = false

    /// Comments whose whole text states TLS without details, lower-cased.
    static let phrases: Set<String> = [
        "tls", "using tls", "google transport security", "tls secured channel",
        "over tls secured channel", "starttls", "ssl",
    ]
    /// Maximum length of one evidence text kept for explanations.
    static let maxEvidenceLength = 80
    /// Maximum number of evidence texts kept; one is enough to state TLS.
    static let maxEvidenceCount = 8

    /// The facts, or nil when nothing stated encryption.
    var result: ReceivedTLS? {
        guard !evidence.isEmpty else { return nil }
        var tls = ReceivedTLS(
            version: version, cipher: cipher, bits: bits, verification: verification,
            evidence: evidence)
        if version == nil, let cipher,
            let inferred = TLSProtocolVersion.inferred(fromCipher: cipher)
        {
            tls.version = inferred
            tls.isVersionInferred = true
        }
        return tls
    }

    // MARK: - Clauses and words

    mutating func readWithValue(_ raw: String) {
        let keyword = ReceivedProtocol.normalized(raw)
        if ReceivedProtocol.statesTLS(keyword) { addEvidence("with " + raw) }
        if ReceivedProtocol.statesAuthentication(keyword) { isAuthenticated = true }
        let upper = raw.uppercased()
        if upper == "STARTTLS" || upper == "TLS" { addEvidence("with " + raw) }
        readSlashPacked(raw)
    }

    /// Reads Cisco AsyncOS's `ESMTP/TLS/AES256-SHA256`.
    private mutating func readSlashPacked(_ raw: String) {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[1].uppercased() == "TLS" else { return }
        addEvidence("with " + raw)
        if parts.count >= 3, !parts[2].isEmpty { setCipher(String(parts[2])) }
    }

    mutating func readTLSClause(_ value: String?) {
        addEvidence("tls " + (value ?? ""))
        if let value { setCipher(value) }
    }

    /// Reads words outside comments, where Microsoft SMTPSVC writes
    /// `over TLS secured channel`.
    mutating func readWords(_ words: [String]) {
        let lower = words.map { $0.lowercased() }
        for index in lower.indices.dropLast() where lower[index] == "over" {
            if lower[index + 1] == "tls" {
                addEvidence(words[index...].prefix(4).joined(separator: " "))
            }
        }
    }

    // MARK: - Comments

    mutating func readComment(_ text: String) {
        let words = ReceivedLexer.words(text)
        guard let first = words.first else { return }
        let lower = text.lowercased()
        readAuthentication(lower, firstWord: first.lowercased())
        readVerification(lower)
        if ReceivedTLSScanner.phrases.contains(ReceivedLexer.trim(lower)) {
            addEvidence("(" + text + ")")
        } else if let version = TLSProtocolVersion(text: ReceivedLexer.trim(text)) {
            addEvidence("(" + text + ")")
            setVersion(version)
        } else if first.lowercased() == "using" {
            readUsing(words, text: text)
        } else if text.contains("=") {
            readKeyValues(words, text: text)
        } else if words.count == 1 && text.contains(":") {
            readColonFields(text)
        } else if let range = text.firstRange(of: "TLS:") {
            readCourier(text[range.upperBound...], text: text)
        } else if words.count == 2 && words[1].lowercased() == "encrypted" {
            addEvidence("(" + text + ")")
            setCipher(String(words[0]))
        }
    }

    /// Reads Postfix's `using TLSv1.3 with cipher SUITE (256/256 bits) …` and the older
    /// `using TLSv1` without details.
    private mutating func readUsing(_ words: [Substring], text: String) {
        guard words.count >= 2 else { return }
        let version = TLSProtocolVersion(text: words[1])
        let generic = ["TLS", "SSL"].contains(words[1].uppercased())
        guard version != nil || generic else { return }
        addEvidence("(" + text + ")")
        if let version { setVersion(version) }
        guard let cipherIndex = words.firstIndex(where: { $0.lowercased() == "cipher" }),
            cipherIndex + 1 < words.count
        else {
            return
        }
        setCipher(String(words[cipherIndex + 1]))
        let rest = words[(cipherIndex + 2)...]
        if let bitsWord = rest.first(where: { $0.hasPrefix("(") }) {
            setBits(leadingNumber(bitsWord.dropFirst()), bytes: false)
        }
    }

    /// Reads sendmail, Gmail, Exchange and Mimecast's `version=… cipher=… bits=…
    /// verify=…`, separated by spaces or commas.
    private mutating func readKeyValues(_ words: [Substring], text: String) {
        var values: [String: Substring] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else { continue }
            let key = word[..<equals].lowercased()
            if values[key] == nil { values[key] = word[word.index(after: equals)...] }
        }
        let version = values["version"].flatMap { TLSProtocolVersion(text: $0) }
        let cipher = values["cipher"].map(String.init).flatMap(ReceivedTLSScanner.usableCipher)
        guard version != nil || cipher != nil else { return }
        addEvidence("(" + text + ")")
        if let version { setVersion(version) }
        if let cipher { setCipher(cipher) }
        if let bitsText = values["bits"] { setBits(leadingNumber(bitsText), bytes: false) }
        if let verify = values["verify"], verification == nil { verification = String(verify) }
    }

    /// Reads Exim's `TLSv1.2:CIPHER:128` and OpenSMTPD's `TLSv1.3:CIPHER:256:NO`.
    private mutating func readColonFields(_ text: String) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3 || fields.count == 4,
            let version = TLSProtocolVersion(text: fields[0])
        else {
            return
        }
        addEvidence("(" + text + ")")
        setVersion(version)
        if let cipher = ReceivedTLSScanner.usableCipher(String(fields[1])) { setCipher(cipher) }
        setBits(leadingNumber(fields[2]), bytes: true)
        if fields.count == 4, verification == nil { verification = String(fields[3]) }
    }

    /// Reads Courier's `TLS: TLSv1.3,256bits,CIPHER` inside its `AUTH:` comment.
    private mutating func readCourier(_ rest: Substring, text: String) {
        let fields = rest.split(separator: ",").map { ReceivedLexer.trim($0) }
        guard let first = fields.first else { return }
        let version = TLSProtocolVersion(text: first)
        let cipher =
            fields.count >= 2 ? ReceivedTLSScanner.usableCipher(fields[fields.count - 1]) : nil
        guard version != nil || cipher != nil else { return }
        addEvidence("(" + text + ")")
        if let version { setVersion(version) }
        if let cipher, !cipher.lowercased().hasSuffix("bits") { setCipher(cipher) }
        if let bitsField = fields.first(where: { $0.lowercased().hasSuffix("bits") }) {
            setBits(leadingNumber(Substring(bitsField)), bytes: false)
        }
    }

    /// Reads the authentication comments of Postfix, sendmail, Courier and SquirrelMail;
    /// `lower` is the comment in lower case.
    private mutating func readAuthentication(_ lower: String, firstWord: String) {
        if lower.hasPrefix("authenticated sender:") || firstWord == "authenticated"
            || firstWord == "auth:" || lower.contains("authenticated user")
        {
            isAuthenticated = true
        }
    }

    /// Reads Postfix's client certificate comments; `lower` is the comment in lower case.
    private mutating func readVerification(_ lower: String) {
        guard verification == nil else { return }
        if lower.hasPrefix("client cn") || lower.hasPrefix("client certificate") {
            if lower.contains("(verified ok)") {
                verification = "verified OK"
            } else if lower.contains("not verified") {
                verification = "not verified"
            }
        } else if lower == "no client certificate requested" {
            verification = "no certificate requested"
        } else if lower == "client did not present a certificate" {
            verification = "no certificate presented"
        }
    }

    // MARK: - Setters

    private mutating func addEvidence(_ text: String) {
        let trimmed = String(text.prefix(ReceivedTLSScanner.maxEvidenceLength))
        guard evidence.count < ReceivedTLSScanner.maxEvidenceCount, !evidence.contains(trimmed)
        else {
            return
        }
        evidence.append(trimmed)
    }

    private mutating func setVersion(_ value: TLSProtocolVersion) {
        if version == nil { version = value }
    }

    private mutating func setCipher(_ value: String) {
        if cipher == nil, let usable = ReceivedTLSScanner.usableCipher(value) { cipher = usable }
    }

    /// Sets the key bits. `bytes` marks the colon form, in which old Exim builds with
    /// GnuTLS wrote bytes, so there a value of 32 or less is multiplied by 8.
    private mutating func setBits(_ value: Int?, bytes: Bool) {
        guard bits == nil, let value, value > 0 else { return }
        bits = bytes && value <= 32 ? value * 8 : value
    }

    private func leadingNumber(_ text: Substring) -> Int? {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        return digits.isEmpty || digits.count > 6 ? nil : Int(digits)
    }

    /// Returns the cipher name when it can be one: letters, digits, `_`, `-`, `.`, `+`
    /// and `/`, and not a placeholder such as `(null)` or `NONE`.
    static func usableCipher(_ text: String) -> String? {
        let trimmed = ReceivedLexer.trim(text)
        guard !trimmed.isEmpty, trimmed.count <= 128,
            !["none", "null", "(null)", "unknown"].contains(trimmed.lowercased()),
            trimmed.allSatisfy({
                $0.isASCII && ($0.isLetter || $0.isNumber || "_-.+/".contains($0))
            })
        else {
            return nil
        }
        return trimmed
    }
}
