import PluginAPI

/// The one place where the sources' statements about a domain become one assurance.
///
/// - An override in tlsguard's configuration decides alone, because the admin set it.
/// - A Postfix policy entry of `none` decides alone too, because the admin has declared
///   that TLS to the domain does not work.
/// - Otherwise the strongest statement wins (verified > encrypted > opportunistic >
///   none > unknown). On a tie the earlier source in this order wins: policy map, DANE,
///   MTA-STS, probe.
enum AssuranceCombiner {
    static func combine(domain: String, evidence: [AssuranceEvidence], mtaSTSPatterns: [String])
        -> DomainAssurance
    {
        let ordered = evidence.enumerated().sorted { first, second in
            if first.element.assurance != second.element.assurance {
                return first.element.assurance > second.element.assurance
            }
            return first.offset < second.offset
        }.map(\.element)
        let decisive =
            evidence.first { $0.source == .override }
            ?? evidence.first { $0.source == .policyMap && $0.assurance == .none }
            ?? ordered.first
        guard let decisive else {
            return .unknown(domain, detail: "no source")
        }
        return DomainAssurance(
            domain: domain, assurance: decisive.assurance, decidedBy: decisive.source,
            enforcementLevel: decisive.enforcementLevel, evidence: ordered,
            matchPatterns: decisive.source == .mtaSTS ? mtaSTSPatterns : [])
    }
}
