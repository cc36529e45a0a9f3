import PluginAPI

/// Turns what the network checks found into evidence, one statement per source.
struct DomainEvidence {
    let report: DomainReport
    let settings: ProbeSettings

    var all: [AssuranceEvidence] {
        [dane, mtaSTS, probe].compactMap { $0 }
    }

    private var probedHosts: [String] {
        Array(report.mxHosts.prefix(settings.maxHosts))
    }

    /// DANE proves the servers when every probed MX host has usable, authenticated TLSA
    /// records and every host the probe reached completed a handshake that matched them.
    /// A host that published TLSA records but failed TLS would make Postfix's dane-only
    /// level defer, so such a domain is not verified.
    var dane: AssuranceEvidence? {
        let prober = DomainProber(settings: settings)
        let hosts = probedHosts
        guard !hosts.isEmpty,
            hosts.allSatisfy({ !prober.usableTLSA(report, host: $0).isEmpty })
        else {
            return nil
        }
        let failed = report.hosts.filter { host in
            host.tls.map { !$0.daneAuthenticated } ?? host.reachedServer
        }
        guard failed.isEmpty else {
            return AssuranceEvidence(
                source: .dane, assurance: .opportunistic, enforcementLevel: nil,
                detail: "TLSA records published but TLS did not authenticate "
                    + failed.map(\.hostname).joined(separator: ","))
        }
        return AssuranceEvidence(
            source: .dane, assurance: .verified, enforcementLevel: .dane,
            detail: "usable TLSA records for " + hosts.joined(separator: ","))
    }

    /// MTA-STS proves the servers in enforce mode when every probed MX host matches the
    /// policy and no probe saw a certificate that fails the policy's checks.
    var mtaSTS: AssuranceEvidence? {
        guard case .success(let fetched) = report.mtaSTS else { return nil }
        let policy = fetched.policy
        let detail = "mode=\(policy.mode.rawValue) id=\(fetched.record.id) max_age=\(policy.maxAge)"
        guard policy.mode == .enforce else {
            let assurance: TLSAssurance = policy.mode == .testing ? .opportunistic : .unknown
            return AssuranceEvidence(
                source: .mtaSTS, assurance: assurance, enforcementLevel: nil, detail: detail)
        }
        let outside = probedHosts.filter { !policy.allows(mxHost: $0) }
        let untrusted = report.hosts.filter { host in
            guard let tls = host.tls else { return host.reachedServer }
            return !tls.certificateVerified || !tls.nameMatched
        }
        guard outside.isEmpty, untrusted.isEmpty else {
            let hosts = (outside + untrusted.map(\.hostname)).joined(separator: ",")
            return AssuranceEvidence(
                source: .mtaSTS, assurance: .opportunistic, enforcementLevel: nil,
                detail: detail + " but fails for " + hosts)
        }
        return AssuranceEvidence(
            source: .mtaSTS, assurance: .verified, enforcementLevel: .verify, detail: detail)
    }

    /// The probe's evidence: the best result among the hosts that replied.
    var probe: AssuranceEvidence? {
        let answered = report.hosts.filter(\.reachedServer)
        guard !answered.isEmpty else { return nil }
        if let host = answered.first(where: { $0.tls != nil }), let tls = host.tls {
            let trusted = tls.certificateVerified && tls.nameMatched
            let detail =
                "\(host.hostname) \(tls.protocolVersion) \(tls.cipher) certificate="
                + (tls.certificateVerified ? "verified" : "unverified")
                + (tls.nameMatched ? " name=match" : " name=mismatch")
            if settings.requireTrustedCertificate && !trusted {
                return AssuranceEvidence(
                    source: .probe, assurance: .opportunistic, enforcementLevel: nil,
                    detail: detail)
            }
            return AssuranceEvidence(
                source: .probe, assurance: .encrypted, enforcementLevel: .encrypt, detail: detail)
        }
        if let host = answered.first(where: \.starttlsOffered) {
            return AssuranceEvidence(
                source: .probe, assurance: .opportunistic, enforcementLevel: nil,
                detail: "\(host.hostname) offers STARTTLS but the handshake failed: "
                    + (host.error ?? "unknown error"))
        }
        return AssuranceEvidence(
            source: .probe, assurance: .none, enforcementLevel: nil,
            detail: answered.map(\.hostname).joined(separator: ",") + " offer no STARTTLS")
    }
}
