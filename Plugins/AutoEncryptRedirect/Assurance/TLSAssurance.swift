import PluginAPI

/// How far tlsguard trusts the TLS of a recipient domain's mail servers, from the weakest
/// to the strongest.
enum TLSAssurance: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Nothing is known yet, because no source replied in time.
    case unknown
    /// A probe saw no STARTTLS, or the policy entry is `none`.
    case none
    /// TLS may be used but may also be skipped (Postfix `may`, or STARTTLS offered but the
    /// handshake failed).
    case opportunistic
    /// TLS works (a probe completed a handshake), or the policy entry is `encrypt`. The
    /// server is not authenticated.
    case encrypted
    /// The server is authenticated: DANE, MTA-STS in enforce mode, or policy `verify`,
    /// `secure` or `dane`.
    case verified

    private var rank: Int {
        switch self {
        case .unknown: 0
        case .none: 1
        case .opportunistic: 2
        case .encrypted: 3
        case .verified: 4
        }
    }

    static func < (lhs: TLSAssurance, rhs: TLSAssurance) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// The origin of one piece of evidence about a domain.
enum AssuranceSource: String, Sendable, Hashable {
    /// tlsguard's own `auto_encrypt_tls_overrides`.
    case override
    /// The admin's Postfix `smtp_tls_policy_maps` file.
    case policyMap = "policy_map"
    case dane
    case mtaSTS = "mta_sts"
    case probe
}

/// One source's statement about a domain.
struct AssuranceEvidence: Sendable, Hashable {
    var source: AssuranceSource
    var assurance: TLSAssurance
    /// The Postfix level that delivers to the domain with this proof; nil below
    /// `encrypted`.
    var enforcementLevel: TLSEnforcementLevel?
    /// A description of what was seen, for `tlsguard probe` and logs, such as
    /// `mode=enforce id=20240101`.
    var detail: String
}

/// tlsguard's conclusion about a domain, with the evidence behind it.
struct DomainAssurance: Sendable, Hashable {
    var domain: String
    var assurance: TLSAssurance
    /// The source that decided.
    var decidedBy: AssuranceSource?
    /// The strongest Postfix level this proof supports, for `deliverWithEnforcedTLS` and
    /// the policy export; nil below `encrypted`.
    var enforcementLevel: TLSEnforcementLevel?
    /// Every source's statement, strongest first.
    var evidence: [AssuranceEvidence]
    /// Policy-map options to keep in an export, such as `match=` patterns from MTA-STS.
    var matchPatterns: [String]

    static func unknown(_ domain: String, detail: String) -> DomainAssurance {
        DomainAssurance(
            domain: domain, assurance: .unknown, decidedBy: nil, enforcementLevel: nil,
            evidence: [], matchPatterns: [])
    }
}
