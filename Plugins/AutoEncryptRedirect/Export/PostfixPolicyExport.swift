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
        for key in service.overrides.keys where !key.hasPrefix("[") {
            guard let policy = service.overrides.policy(forKey: key),
                policy.assurance >= minimum, policy.level != .may
            else { continue }
            result[key] = policy.text
        }
        return result.keys.sorted().compactMap { key in result[key].map { (key, $0) } }
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
