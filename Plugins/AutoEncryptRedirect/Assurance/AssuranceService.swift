import PluginAPI

/// Determines how far TLS to a domain can be trusted, from the static sources (tlsguard
/// overrides, the Postfix policy table) and the cached results of background checks.
///
/// Network checks run in the background through `ProbeScheduler`, and a caller waits for
/// at most its budget. A domain whose check has not finished by then is judged on the
/// static sources alone, which usually means `unknown`.
final class AssuranceService: Sendable {
    let overrides: PostfixPolicyMap
    let policyMap: PostfixPolicyMap
    let cache: AssuranceCache
    let prober: DomainProber
    /// Seconds that a finished check stays valid, and that an unknown result stays valid.
    let ttl: Int
    let unknownTTL: Int
    private let scheduler: ProbeScheduler

    init(
        overrides: PostfixPolicyMap, policyMap: PostfixPolicyMap, cache: AssuranceCache,
        prober: DomainProber, ttl: Int, unknownTTL: Int, concurrency: Int
    ) {
        self.overrides = overrides
        self.policyMap = policyMap
        self.cache = cache
        self.prober = prober
        self.ttl = ttl
        self.unknownTTL = unknownTTL
        scheduler = ProbeScheduler(concurrency: concurrency) { domain in
            let report = prober.examine(domain)
            let combined = AssuranceCombiner.combine(
                domain: domain, evidence: report.evidence,
                mtaSTSPatterns: report.enforcedMTASTSPatterns)
            cache.store(combined, ttl: AssuranceService.lifetime(combined, report, ttl, unknownTTL))
        }
    }

    /// Returns the seconds to cache a result: `unknownTTL` for unknown, else `ttl`, but
    /// never longer than the max_age of the MTA-STS policy that decided (RFC 8461).
    static func lifetime(
        _ assurance: DomainAssurance, _ report: DomainReport, _ ttl: Int, _ unknownTTL: Int
    ) -> Int {
        guard assurance.assurance != .unknown else { return unknownTTL }
        if assurance.decidedBy == .mtaSTS, case .success(let fetched) = report.mtaSTS {
            return min(ttl, fetched.policy.maxAge)
        }
        return ttl
    }

    /// True when network checks are on at all.
    var checksNetwork: Bool {
        let settings = prober.settings
        return settings.probeEnabled || settings.daneEnabled || settings.mtaSTSEnabled
    }

    /// Evidence that needs no network: the override and the policy table entry.
    func staticEvidence(for domain: String) -> [AssuranceEvidence] {
        var evidence: [AssuranceEvidence] = []
        if let (key, policy) = overrides.lookup(domain: domain) {
            evidence.append(
                AssuranceEvidence(
                    source: .override, assurance: policy.assurance,
                    enforcementLevel: policy.enforcementLevel, detail: "\(key) \(policy.text)"))
        }
        if let (key, policy) = policyMap.lookup(domain: domain) {
            evidence.append(
                AssuranceEvidence(
                    source: .policyMap, assurance: policy.assurance,
                    enforcementLevel: policy.enforcementLevel, detail: "\(key) \(policy.text)"))
        }
        return evidence
    }

    /// Returns true when the static sources decide alone, so no check is needed.
    func isDecidedStatically(_ evidence: [AssuranceEvidence]) -> Bool {
        evidence.contains { $0.source == .override }
            || evidence.contains { $0.source == .policyMap && $0.assurance == .none }
    }

    /// Starts background checks for the domains that need one, without waiting.
    func prefetch(_ domains: [String]) {
        guard checksNetwork else { return }
        for domain in domains
        where !isDecidedStatically(staticEvidence(for: domain)) && cache.lookup(domain) == nil {
            scheduler.start(domain)
        }
    }

    /// Returns the assurance of each domain, waiting at most `budget` in total for checks.
    func assurances(for domains: [String], budget: Duration) -> [String: DomainAssurance] {
        prefetch(domains)
        let deadline = ContinuousClock.now + budget
        var result: [String: DomainAssurance] = [:]
        for domain in domains {
            let evidence = staticEvidence(for: domain)
            if checksNetwork && !isDecidedStatically(evidence) && cache.lookup(domain) == nil {
                let remaining = deadline - .now
                if remaining > .zero {
                    _ = scheduler.startAndWait(domain, timeout: remaining)
                }
            }
            result[domain] = combine(domain, static: evidence)
        }
        return result
    }

    /// Combines the static evidence with the cached result of the network checks.
    func combine(_ domain: String, static evidence: [AssuranceEvidence]) -> DomainAssurance {
        var all = evidence
        var patterns: [String] = []
        if let cached = cache.lookup(domain), let source = cached.decidedBy {
            all.append(
                AssuranceEvidence(
                    source: source, assurance: cached.assurance,
                    enforcementLevel: cached.enforcementLevel,
                    detail: cached.evidence.first?.detail ?? "cached result"))
            patterns = cached.matchPatterns
        }
        return AssuranceCombiner.combine(domain: domain, evidence: all, mtaSTSPatterns: patterns)
    }
}
