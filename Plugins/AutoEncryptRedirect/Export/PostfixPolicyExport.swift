import PluginAPI

/// The `smtp_tls_policy_maps` table that `tlsguard policy export --postfix` writes.
///
/// It lists every domain whose TLS tlsguard confirmed, from its overrides and its cache of
/// checks, each with a mandatory level. Domains that do TLS get `encrypt`, DANE domains
/// `dane-only`, MTA-STS domains `secure` with the mx patterns as `match=`, and overrides
/// their own `verify` or `secure`. Postfix then refuses clear text to those domains for all mail,
/// so stripping STARTTLS from their servers' replies makes delivery defer, not downgrade.
/// Entries of the admin's own policy table are left out, because that table already
/// applies.
///
/// An override of `dane` is written as `dane-only`, because Postfix's `dane` level falls
/// back to opportunistic TLS when a domain publishes no TLSA records. An override of
/// `fingerprint` without `match=` is left out with a warning, because Postfix defers all
/// mail to such an entry.
struct PostfixPolicyExport {
    let service: AssuranceService
    let minimum: TLSAssurance

    func text() -> String {
        var lines = [
            "# Postfix smtp_tls_policy_maps table written by 'tlsguard policy export --postfix'.",
            "# Domains whose TLS tlsguard confirmed; regenerate it rather than edit it.",
        ]
        for (domain, entry) in entries() {
            lines.append(domain + " " + entry)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Domain and right-hand side, sorted by domain.
    func entries() -> [(String, String)] {
        var result: [String: String] = [:]
        for entry in service.cache.current() {
            let domain = entry.assurance.domain
            guard service.policyMap.lookup(domain: domain) == nil,
                service.overrides.lookup(domain: domain) == nil,
                let value = PostfixPolicyExport.value(for: entry.assurance, minimum: minimum)
            else { continue }
            result[domain] = value
        }
        for (key, policy) in exportedOverrides() {
            if let value = PostfixPolicyExport.value(forOverride: policy) {
                result[key] = value
            }
        }
        return result.keys.sorted().compactMap { key in result[key].map { (key, $0) } }
    }

    /// Returns one warning for each override at `minimum` or better that the table leaves
    /// out because Postfix could not use it.
    func warnings() -> [String] {
        exportedOverrides().compactMap { key, policy in
            guard PostfixPolicyExport.value(forOverride: policy) == nil else { return nil }
            return "\(key): override '\(policy.text)' not exported: Postfix defers all mail "
                + "to a fingerprint entry without match=, and auto_encrypt_tls_overrides "
                + "cannot carry one; list the domain with its fingerprints in "
                + "auto_encrypt_postfix_policy_maps instead"
        }
    }

    /// Returns the override domains, sorted, whose level is mandatory and at `minimum` or
    /// better.
    private func exportedOverrides() -> [(String, PostfixTLSPolicy)] {
        service.overrides.keys.sorted().compactMap { key in
            guard !key.hasPrefix("["), let policy = service.overrides.policy(forKey: key),
                policy.assurance >= minimum, policy.level != .may
            else { return nil }
            return (key, policy)
        }
    }

    /// Returns the right-hand side for an override, or nil when Postfix could not use it.
    static func value(forOverride policy: PostfixTLSPolicy) -> String? {
        switch policy.level {
        case .dane:
            return PostfixTLSPolicy(level: .daneOnly, attributes: policy.attributes).text
        case .fingerprint where !policy.attributes.contains(where: { $0.name == "match" }):
            return nil
        default:
            return policy.text
        }
    }

    /// Returns the right-hand side for a cached assurance, or nil below `minimum`.
    static func value(for assurance: DomainAssurance, minimum: TLSAssurance) -> String? {
        guard assurance.assurance >= minimum, let level = assurance.enforcementLevel else {
            return nil
        }
        switch level {
        case .encrypt:
            return "encrypt"
        case .dane:
            return "dane-only"
        case .verify where !assurance.matchPatterns.isEmpty:
            let patterns = assurance.matchPatterns.map { pattern in
                pattern.hasPrefix("*.") ? String(pattern.dropFirst()) : pattern
            }
            return "secure match=" + patterns.joined(separator: ":")
        case .verify:
            return "verify"
        case .secure:
            return "secure"
        }
    }
}
