import PluginAPI

/// The findings that the plugin makes visible to later plugins, such as the auto-encrypt
/// plugin, and to the audit trail.
///
/// | rule | kind | when |
/// |---|---|---|
/// | `tls.connection` | `TLS`, `CLEAR`, `UNKNOWN`, `LOCAL` | every message |
/// | `tls.inbound_missing` | `TLS_MISSING` | a requirement applied and TLS was missing |
/// | `tls.inbound_weak` | `TLS_WEAK` | the version or key bits were below the minimum |
/// | `tls.inbound_unverified` | `CERT_UNVERIFIED` | no verified client certificate |
/// | `tls.hop_clear` | `HOP_CLEAR` | earlier internet hops in clear; `count` of them |
/// | `tls.hop_unknown` | `HOP_UNKNOWN` | earlier internet hops with unknown TLS |
/// | `tls.path_unknown` | `PATH_UNKNOWN` | no Received lines, so the earlier path is unknown |
/// | `tls.path_encrypted` | `PATH_ENCRYPTED` | every internet hop stated TLS, connection too |
enum TLSFindings {
    static let plugin = "tls_requirement"

    static func connection(_ state: ConnectionTLSState) -> Finding {
        var attributes: [String: String] = [:]
        let kind: String
        switch state {
        case .encrypted(let facts):
            kind = "TLS"
            attributes["version"] = facts.versionText
            attributes["cipher"] = facts.cipher
            attributes["bits"] = facts.bits.map(String.init)
            attributes["verified"] = facts.isCertificateVerified ? "yes" : "no"
            attributes["source"] = facts.source
        case .clear: kind = "CLEAR"
        case .unknown(let reason):
            kind = "UNKNOWN"
            attributes["reason"] = reason
        case .local: kind = "LOCAL"
        }
        return Finding(plugin: plugin, rule: "tls.connection", kind: kind, attributes: attributes)
    }

    static func violation(_ violation: InboundViolation, action: ViolationAction) -> Finding {
        Finding(
            plugin: plugin, rule: violation.kind.rule, kind: violation.kind.findingKind,
            attributes: [
                "requirement": violation.requirement.detail, "detail": violation.detail,
                "action": action.rawValue,
            ])
    }

    /// Returns the findings about the Received lines: clear and unknown internet hops
    /// among them, an unknown earlier path, or a path encrypted throughout.
    static func chain(_ chain: ReceivedChain) -> [Finding] {
        let earlier = chain.hops.filter { !$0.isConnection && $0.isInternetHop }
        var findings: [Finding] = []
        let clear = earlier.filter { $0.tls == .no }.map(\.number)
        let unknown = earlier.filter { $0.tls == .unknown }.map(\.number)
        if !clear.isEmpty { findings.append(hops("tls.hop_clear", "HOP_CLEAR", clear)) }
        if !unknown.isEmpty { findings.append(hops("tls.hop_unknown", "HOP_UNKNOWN", unknown)) }
        if chain.summary.receivedHeaderCount == 0 {
            findings.append(Finding(plugin: plugin, rule: "tls.path_unknown", kind: "PATH_UNKNOWN"))
        }
        if chain.summary.verdict == .encrypted {
            findings.append(
                Finding(
                    plugin: plugin, rule: "tls.path_encrypted", kind: "PATH_ENCRYPTED",
                    count: chain.summary.internetHops))
        }
        return findings
    }

    private static func hops(_ rule: String, _ kind: String, _ numbers: [Int]) -> Finding {
        Finding(
            plugin: plugin, rule: rule, kind: kind, count: numbers.count,
            attributes: [
                "hops": numbers.map(String.init).joined(separator: ","),
                "first": numbers.first.map(String.init) ?? "",
            ])
    }
}
