/// The TLS facts of one Received line that states encryption.
public struct ReceivedTLS: Sendable, Hashable {
    public var version: TLSProtocolVersion?
    /// True when no version was written and `version` comes from a TLS 1.3-only cipher
    /// suite name such as `TLS_AES_256_GCM_SHA384`.
    public var isVersionInferred: Bool
    /// The cipher suite as written, in whatever library's naming the MTA used.
    public var cipher: String?
    /// Symmetric key bits in use: the first number of `256/256 bits` or `bits=128/128`.
    /// Old Exim builds with GnuTLS wrote bytes (`:32`); those are converted to bits.
    public var bits: Int?
    /// Client certificate verification as written: sendmail's `verify=` value (`OK`,
    /// `NO`, `NOT`, `FAIL`…), OpenSMTPD's `YES`/`NO`, or Postfix's `verified OK` or
    /// `not verified`.
    public var verification: String?
    /// The words of the line that state encryption, such as `ESMTPS`,
    /// `using TLSv1.3 with cipher …` or `(TLS)`, for explanations.
    public var evidence: [String]

    public init(
        version: TLSProtocolVersion? = nil, isVersionInferred: Bool = false,
        cipher: String? = nil, bits: Int? = nil, verification: String? = nil,
        evidence: [String] = []
    ) {
        self.version = version
        self.isVersionInferred = isVersionInferred
        self.cipher = cipher
        self.bits = bits
        self.verification = verification
        self.evidence = evidence
    }
}

/// A TLS or SSL protocol version in the spelling `tlsguard` reports.
public enum TLSProtocolVersion: String, Sendable, Hashable, CaseIterable {
    case sslv3 = "SSLv3"
    case tlsv1_0 = "TLSv1.0"
    case tlsv1_1 = "TLSv1.1"
    case tlsv1_2 = "TLSv1.2"
    case tlsv1_3 = "TLSv1.3"
    /// Old sendmail and OpenSSL's `TLSv1/SSLv3`: the minimum version of the cipher, which
    /// means only that some TLS or SSL version was in use.
    case any

    /// Normalises the spellings MTAs write: `TLSv1.2`, `TLSv1`, `TLS1.2`, `TLS1_2`,
    /// `TLS 1.2`, `tls1.2`, `SSLv3`, `SSL3.0` and `TLSv1/SSLv3`. Returns nil for anything
    /// else, `TLS` alone included.
    public init?(text: some StringProtocol) {
        var lower = String(text).lowercased()
        while let last = lower.last, last == "," || last == ";" || last == ")" || last == "." {
            lower.removeLast()
        }
        lower.removeAll { $0 == " " }
        if lower == "tlsv1/sslv3" || lower == "sslv3/tlsv1" {
            self = .any
            return
        }
        if ["sslv3", "ssl3", "sslv3.0", "ssl3.0", "ssl3_0"].contains(lower) {
            self = .sslv3
            return
        }
        guard lower.hasPrefix("tls") else { return nil }
        var number = lower.dropFirst(3)
        if number.first == "v" { number = number.dropFirst() }
        switch number {
        case "1", "1.0", "1_0", "10": self = .tlsv1_0
        case "1.1", "1_1", "11": self = .tlsv1_1
        case "1.2", "1_2", "12": self = .tlsv1_2
        case "1.3", "1_3", "13": self = .tlsv1_3
        default: return nil
        }
    }

    /// The order of the versions for minimum-version checks; nil for `any`, whose version
    /// is unknown.
    public var rank: Int? {
        switch self {
        case .sslv3: 0
        case .tlsv1_0: 1
        case .tlsv1_1: 2
        case .tlsv1_2: 3
        case .tlsv1_3: 4
        case .any: nil
        }
    }

    /// Returns TLS 1.3 for the cipher suites that exist only in TLS 1.3: IANA and OpenSSL
    /// `TLS_AES_*` and `TLS_CHACHA20_*`, GnuTLS `TLS13_*` and LibreSSL `AEAD-*`.
    public static func inferred(fromCipher cipher: String) -> TLSProtocolVersion? {
        let upper = cipher.uppercased()
        let prefixes = ["TLS_AES_", "TLS_CHACHA20_", "TLS13_", "TLS13-", "AEAD-"]
        return prefixes.contains(where: { upper.hasPrefix($0) }) ? .tlsv1_3 : nil
    }
}
