/// Everything the network checks of one domain found, for the assurance decision and for
/// `tlsguard probe`.
struct DomainReport: Sendable {
    var domain: String
    /// MX hosts in preference order; the domain itself when it has no MX records.
    var mxHosts: [String] = []
    /// True when a loopback resolver vouched for the MX records with the AD bit.
    var mxAuthenticated = false
    /// Problems met that did not stop the checks, such as a failed TLSA lookup.
    var notes: [String] = []
    var tlsa: [String: (records: [TLSARecord], authenticated: Bool)] = [:]
    var mtaSTS: Result<(record: MTASTSRecord, policy: MTASTSPolicy), MTASTSError>?
    var hosts: [HostProbe] = []
    /// The evidence the checks produced, before the static sources are added.
    var evidence: [AssuranceEvidence] = []

    init(domain: String) {
        self.domain = domain
    }

    /// The MTA-STS mx patterns of an enforced policy, for `match=` in an export.
    var enforcedMTASTSPatterns: [String] {
        guard case .success(let fetched) = mtaSTS, fetched.policy.mode == .enforce else {
            return []
        }
        return fetched.policy.mxPatterns
    }
}
