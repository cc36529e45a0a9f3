import Mail
import PluginAPI

/// Why TLS is required for a transaction: the first configured rule that matched.
public struct InboundRequirement: Sendable, Hashable {
    /// `client_network`, `helo_domain`, `sender_domain` or `recipient_domain`.
    public var rule: String
    /// The rule with the matching entry, such as `recipient domain example.org`.
    public var detail: String
}

/// The kinds of failed TLS requirement.
public enum ViolationKind: String, Sendable, Hashable, CaseIterable {
    /// No TLS, or TLS through a proxy that passed no trusted facts.
    case missing
    /// A TLS version or cipher key length below the minimum.
    case weak
    /// No verified client certificate where one is required.
    case unverified

    /// The rule id in findings, logs and replay output.
    public var rule: String { "tls.inbound_" + rawValue }

    /// The finding kind.
    public var findingKind: String {
        switch self {
        case .missing: "TLS_MISSING"
        case .weak: "TLS_WEAK"
        case .unverified: "CERT_UNVERIFIED"
        }
    }
}

/// A failed TLS requirement.
public struct InboundViolation: Sendable, Hashable {
    public var kind: ViolationKind
    public var requirement: InboundRequirement
    /// Description of the failure, such as `TLSv1.2 used, TLSv1.3 required`.
    public var detail: String
}

/// The inbound policy: which transactions must arrive over TLS and how strong it must be.
public struct InboundPolicy: Sendable {
    public var settings: TLSRequirementSettings

    public init(settings: TLSRequirementSettings) {
        self.settings = settings
    }

    /// Returns the requirement that applies, or nil. `includesSessionRules` selects the
    /// client, HELO and sender rules; `recipient` the recipient rule.
    public func requirement(
        _ connection: ConnectionInfo, sender: EnvelopeAddress?, recipient: EnvelopeAddress?,
        includesSessionRules: Bool
    ) -> InboundRequirement? {
        if includesSessionRules, let found = sessionRequirement(connection, sender: sender) {
            return found
        }
        guard let domain = recipient?.domain,
            let entry = InboundPolicy.matchingDomain(domain, settings.requiredRecipientDomains)
        else {
            return nil
        }
        return InboundRequirement(rule: "recipient_domain", detail: "recipient domain \(entry)")
    }

    private func sessionRequirement(_ connection: ConnectionInfo, sender: EnvelopeAddress?)
        -> InboundRequirement?
    {
        if let text = connection.clientAddress.ip, let address = IPAddress(lenient: text),
            let network = settings.requiredClientNetworks.first(where: { $0.contains(address) })
        {
            return InboundRequirement(rule: "client_network", detail: "client network \(network)")
        }
        if let helo = connection.helo,
            let entry = InboundPolicy.matchingDomain(helo, settings.requiredHeloDomains)
        {
            return InboundRequirement(rule: "helo_domain", detail: "HELO domain \(entry)")
        }
        if let domain = sender?.domain,
            let entry = InboundPolicy.matchingDomain(domain, settings.requiredSenderDomains)
        {
            return InboundRequirement(rule: "sender_domain", detail: "sender domain \(entry)")
        }
        return nil
    }

    /// Returns the violation of `requirement` by the connection's TLS, or nil when the
    /// connection meets it. Local submissions never violate a requirement.
    public func check(_ state: ConnectionTLSState, against requirement: InboundRequirement)
        -> InboundViolation?
    {
        switch state {
        case .local:
            return nil
        case .clear:
            return InboundViolation(
                kind: .missing, requirement: requirement,
                detail: "no TLS; required for \(requirement.detail)")
        case .unknown(let reason):
            return InboundViolation(
                kind: .missing, requirement: requirement,
                detail: "TLS not proven: \(reason); required for \(requirement.detail)")
        case .encrypted(let facts):
            return weakness(facts, requirement: requirement)
        }
    }

    private func weakness(_ facts: ConnectionTLSFacts, requirement: InboundRequirement)
        -> InboundViolation?
    {
        let minimum = settings.minimumVersion
        let used = facts.versionText ?? "an unrecorded TLS version"
        if let rank = facts.version?.rank, let minimumRank = minimum.rank, rank < minimumRank {
            return InboundViolation(
                kind: .weak, requirement: requirement,
                detail: "\(used) used, \(minimum.rawValue) required")
        }
        if facts.version?.rank == nil && minimum != .tlsv1_0 {
            return InboundViolation(
                kind: .weak, requirement: requirement,
                detail: "\(used) used, \(minimum.rawValue) required")
        }
        // Every TLS 1.3 cipher suite uses a key of at least 128 bits, so a proxy that
        // passes only the version still meets a minimum of 128.
        let knownBits = facts.bits ?? (facts.version == .tlsv1_3 ? 128 : 0)
        if settings.minimumBits > 0, knownBits < settings.minimumBits {
            let bits = facts.bits.map { "\($0)-bit" } ?? "unknown-strength"
            return InboundViolation(
                kind: .weak, requirement: requirement,
                detail: "\(bits) cipher used, \(settings.minimumBits) bits required")
        }
        if settings.requiresVerifiedCertificate && !facts.isCertificateVerified {
            let verify = facts.verification.map { "verify=\($0)" } ?? "no verified certificate"
            return InboundViolation(
                kind: .unverified, requirement: requirement,
                detail: "\(verify); a verified client certificate is required")
        }
        return nil
    }

    /// Returns the entry of `domains` that `name` equals or is a subdomain of.
    static func matchingDomain(_ name: String, _ domains: [String]) -> String? {
        let normalized = DomainName.normalized(name)
        return domains.first { DomainName.matches(normalized, domain: $0) }
    }
}
