import PluginAPI

/// The result of `tlsguard probe DOMAIN`, as text lines and as JSON.
public struct ProbeSummary: Sendable {
    let report: DomainReport
    let assurance: DomainAssurance
    let settings: ProbeSettings
    let storage: ProbeResultStorage

    /// `verified`, `encrypted`, `opportunistic`, `none` or `unknown`.
    public var assuranceName: String {
        assurance.assurance.rawValue
    }

    /// The Postfix level a PHI message to the domain would be routed with, if any.
    public var enforcementLevel: String? {
        assurance.enforcementLevel?.rawValue
    }

    /// Human-readable lines: the conclusion first, then each source and host.
    public var lines: [String] {
        var lines = [
            "domain: \(report.domain)",
            "assurance: \(assurance.assurance.rawValue) (decided by "
                + "\(assurance.decidedBy?.rawValue ?? "no source"))",
            "enforce level: \(assurance.enforcementLevel?.rawValue ?? "-")",
            "mx: " + (report.mxHosts.isEmpty ? "-" : report.mxHosts.joined(separator: " "))
                + " (dnssec: \(report.mxAuthenticated ? "yes" : "no"))",
        ]
        lines += assurance.evidence.map { evidence in
            "evidence: \(evidence.source.rawValue) \(evidence.assurance.rawValue): "
                + evidence.detail
        }
        lines += report.hosts.map(ProbeSummary.hostLine)
        for host in report.tlsa.keys.sorted() {
            guard let entry = report.tlsa[host] else { continue }
            let records = entry.records.map(\.presentation).joined(separator: ", ")
            lines.append(
                "tlsa: \(host) dnssec=\(entry.authenticated ? "yes" : "no") "
                    + (records.isEmpty ? "none" : records))
        }
        lines.append("mta-sts: " + mtaSTSText)
        lines += report.notes.map { "note: " + $0 }
        lines.append(storage.line)
        return lines
    }

    private var mtaSTSText: String {
        switch report.mtaSTS {
        case nil: return "not checked"
        case .failure(let error): return error.description
        case .success(let fetched):
            return "mode=\(fetched.policy.mode.rawValue) id=\(fetched.record.id) mx="
                + fetched.policy.mxPatterns.joined(separator: ",")
                + " max_age=\(fetched.policy.maxAge)"
        }
    }

    static func hostLine(_ host: HostProbe) -> String {
        var line =
            "host: \(host.hostname) [\(host.address)]:\(host.port) "
            + "starttls=\(host.starttlsOffered ? "yes" : "no")"
        if let tls = host.tls {
            line += " protocol=\(tls.protocolVersion) cipher=\(tls.cipher) bits=\(tls.cipherBits)"
            line += " certificate=" + (tls.certificateVerified ? "verified" : "unverified")
            if let error = tls.verificationError { line += " (\(error))" }
            line += " name=" + (tls.nameMatched ? "match" : "mismatch")
            line += " dane=" + (tls.daneAuthenticated ? "match" : "no")
        }
        if let error = host.error { line += " error=\"\(error)\"" }
        return line
    }

    /// The same facts as one JSON object.
    public var json: String {
        let evidence: [ReportValue] = assurance.evidence.map { item in
            .object([
                ("source", .string(item.source.rawValue)),
                ("assurance", .string(item.assurance.rawValue)),
                ("detail", .string(item.detail)),
            ])
        }
        return ReportValue.object([
            ("domain", .string(report.domain)),
            ("assurance", .string(assurance.assurance.rawValue)),
            ("source", assurance.decidedBy.map { .string($0.rawValue) } ?? .null),
            ("enforce_level", assurance.enforcementLevel.map { .string($0.rawValue) } ?? .null),
            ("mx", .array(report.mxHosts.map { .string($0) })),
            ("mx_dnssec", .bool(report.mxAuthenticated)),
            ("evidence", .array(evidence)),
            ("hosts", .array(report.hosts.map { .string(ProbeSummary.hostLine($0)) })),
            ("notes", .array(report.notes.map { .string($0) })),
            ("cache_file", storage.path.map { .string($0) } ?? .null),
        ]).json
    }
}
