/// An MTA-STS policy (RFC 8461 section 3.2), as served at
/// `https://mta-sts.<domain>/.well-known/mta-sts.txt`.
struct MTASTSPolicy: Sendable, Hashable {
    enum Mode: String, Sendable, Hashable {
        /// Senders must deliver only over TLS to a matching MX with a valid certificate.
        case enforce
        /// Senders report failures but deliver anyway: not enforcement.
        case testing
        case none
    }

    var mode: Mode
    /// MX host patterns: a host name, or `*.` and a domain for one extra label.
    var mxPatterns: [String]
    /// Seconds the policy may be cached; RFC 8461 caps it at 31557600 (one year).
    var maxAge: Int

    static let maxAgeLimit = 31_557_600
    /// The policy body may not be larger than this, so a hostile server cannot make the
    /// fetch read without end. RFC 8461 has no limit; 64 KiB is far above real policies.
    static let maxSize = 65_536

    /// Parses a policy body. Unknown keys are ignored, as RFC 8461 requires.
    init(parsing text: String) throws(MTASTSError) {
        var version: String?
        var mode: Mode?
        var patterns: [String] = []
        var maxAge: Int?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            switch key {
            case "version": version = value
            case "mode": mode = Mode(rawValue: value)
            case "mx": patterns.append(value.lowercased())
            case "max_age": maxAge = Int(value)
            default: continue
            }
        }
        guard version == "STSv1" else { throw .invalidPolicy("version is not STSv1") }
        guard let mode else {
            throw .invalidPolicy("mode is missing or not enforce, testing, none")
        }
        guard let maxAge, maxAge >= 0, maxAge <= MTASTSPolicy.maxAgeLimit else {
            throw .invalidPolicy("max_age is missing or outside 0 to 31557600")
        }
        guard mode == .none || !patterns.isEmpty else {
            throw .invalidPolicy("mode \(mode.rawValue) without any mx line")
        }
        self.mode = mode
        self.mxPatterns = patterns
        self.maxAge = maxAge
    }

    init(mode: Mode, mxPatterns: [String], maxAge: Int) {
        self.mode = mode
        self.mxPatterns = mxPatterns
        self.maxAge = maxAge
    }

    /// Returns true when `host` matches one of the MX patterns. A `*.` pattern matches
    /// exactly one label in its place, so `*.example.com` matches `mx.example.com` but
    /// neither `example.com` nor `a.b.example.com`.
    func allows(mxHost host: String) -> Bool {
        let name =
            host.lowercased().hasSuffix(".")
            ? String(host.lowercased().dropLast()) : host.lowercased()
        return mxPatterns.contains { pattern in
            guard pattern.hasPrefix("*.") else { return pattern == name }
            let suffix = pattern.dropFirst(1)
            guard name.hasSuffix(suffix) else { return false }
            let label = name.dropLast(suffix.count)
            return !label.isEmpty && !label.contains(".")
        }
    }
}

/// The `_mta-sts` TXT record (RFC 8461 section 3.1): `v=STSv1; id=…;`.
struct MTASTSRecord: Sendable, Hashable {
    /// Changes whenever the domain publishes a new policy.
    var id: String

    /// Finds the one STSv1 record among a domain's TXT strings. RFC 8461 says a domain
    /// with several STSv1 records, or one without a valid id, has no policy.
    init(txtRecords: [String]) throws(MTASTSError) {
        let candidates = txtRecords.filter { $0.hasPrefix("v=STSv1;") || $0 == "v=STSv1" }
        guard candidates.count == 1, let record = candidates.first else {
            throw candidates.isEmpty
                ? .noRecord : .invalidRecord("\(candidates.count) STSv1 TXT records")
        }
        var id: String?
        for field in record.split(separator: ";") {
            let pair = field.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingSpaces() == "id" {
                id = pair[1].trimmingSpaces()
            }
        }
        guard let id, !id.isEmpty, id.count <= 32,
            id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else {
            throw .invalidRecord("id missing or not 1 to 32 letters and digits")
        }
        self.id = id
    }
}

/// The reason MTA-STS gave no usable policy for a domain.
enum MTASTSError: Error, Sendable, Hashable, CustomStringConvertible {
    case noRecord
    case invalidRecord(String)
    case invalidPolicy(String)
    case fetchFailed(String)

    var description: String {
        switch self {
        case .noRecord: "no MTA-STS TXT record"
        case .invalidRecord(let detail): "invalid MTA-STS TXT record: \(detail)"
        case .invalidPolicy(let detail): "invalid MTA-STS policy: \(detail)"
        case .fetchFailed(let detail): "MTA-STS policy fetch failed: \(detail)"
        }
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
