import Mail
import PluginAPI

/// Action on a message that fails an inbound TLS requirement.
public enum ViolationAction: String, Sendable, Hashable, CaseIterable {
    case reject, tempfail, quarantine, tag
    /// Record a finding only, so that a later plugin can decide.
    case `continue`
}

/// Action when an earlier hop was in clear text or its TLS is unknown.
public enum HopAction: String, Sendable, Hashable, CaseIterable {
    case quarantine, tag
    /// Record a finding only, so that a later plugin can decide.
    case `continue`
}

/// The SMTP stage at which client, HELO and sender requirements reject.
public enum EnforcementStage: String, Sendable, Hashable, CaseIterable {
    case mail, rcpt
}

/// The effective configuration of the TLS requirement plugin, read and checked once when
/// the plugin is created.
public struct TLSRequirementSettings: Sendable {
    public var organisation: OrganisationScope
    public var signatures: SignatureSet
    public var addsHeaders: Bool
    public var requiredClientNetworks: [IPNetwork]
    public var requiredHeloDomains: [String]
    public var requiredSenderDomains: [String]
    public var requiredRecipientDomains: [String]
    public var minimumVersion: TLSProtocolVersion
    public var minimumBits: Int
    public var requiresVerifiedCertificate: Bool
    public var enforcementStage: EnforcementStage
    public var onMissing: ViolationAction
    public var onWeak: ViolationAction
    public var onUnverified: ViolationAction
    public var onHopClear: HopAction
    public var onHopUnknown: HopAction
    public var subjectTag: String
    public var replies: TLSReplies
    public var proxyNetworks: [IPNetwork]
    public var proxyDaemons: [String]
    /// The proxy's TLS header name; nil when none is configured.
    public var proxyHeader: String?

    /// Reads the settings; throws `ConfigError` for a network, a domain or a signature
    /// file that the key's type allows but the plugin cannot use.
    public init(configuration: PluginConfiguration) throws {
        organisation = OrganisationScope(
            domains: try configuration.list("tls_internal_domains"),
            networks: try TLSRequirementSettings.networks("tls_internal_networks", configuration),
            privateAddressesAreInternal: try configuration.boolean("tls_private_networks_internal"))
        signatures = try TLSRequirementSettings.signatures(configuration)
        addsHeaders = try configuration.boolean("tls_add_headers")

        requiredClientNetworks = try TLSRequirementSettings.networks(
            "tls_require_client_networks", configuration)
        requiredHeloDomains = try TLSRequirementSettings.domains(
            "tls_require_helo_domains", configuration)
        requiredSenderDomains = try TLSRequirementSettings.domains(
            "tls_require_sender_domains", configuration)
        requiredRecipientDomains = try TLSRequirementSettings.domains(
            "tls_require_recipient_domains", configuration)
        minimumVersion =
            TLSProtocolVersion(text: try configuration.string("tls_minimum_version")) ?? .tlsv1_2
        minimumBits = try configuration.integer("tls_minimum_bits")
        requiresVerifiedCertificate = try configuration.boolean("tls_require_verified_certificate")

        enforcementStage = try TLSRequirementSettings.choice("tls_enforce_stage", configuration)
        onMissing = try TLSRequirementSettings.choice("tls_on_missing", configuration)
        onWeak = try TLSRequirementSettings.choice("tls_on_weak", configuration)
        onUnverified = try TLSRequirementSettings.choice("tls_on_unverified", configuration)
        onHopClear = try TLSRequirementSettings.choice("tls_on_hop_clear", configuration)
        onHopUnknown = try TLSRequirementSettings.choice("tls_on_hop_unknown", configuration)
        subjectTag = try configuration.string("tls_tag_subject")
        replies = try TLSReplies(configuration: configuration)

        proxyNetworks = try TLSRequirementSettings.networks("tls_proxy_networks", configuration)
        proxyDaemons = try configuration.list("tls_proxy_daemons")
        let header = try configuration.string("tls_proxy_header")
        proxyHeader = header.isEmpty ? nil : header
    }

    /// Returns the action for a kind of violation.
    public func action(for kind: ViolationKind) -> ViolationAction {
        switch kind {
        case .missing: onMissing
        case .weak: onWeak
        case .unverified: onUnverified
        }
    }

    // MARK: - Reading keys

    private static func networks(_ key: String, _ configuration: PluginConfiguration) throws
        -> [IPNetwork]
    {
        try configuration.list(key).map { text in
            guard let network = IPNetwork(text) else {
                throw ConfigError.unusable(
                    key: key, value: text,
                    reason: "not a network; use CIDR notation such as 192.0.2.0/24 or "
                        + "2001:db8::/32")
            }
            return network
        }
    }

    private static func domains(_ key: String, _ configuration: PluginConfiguration) throws
        -> [String]
    {
        try configuration.list(key).map { text in
            let domain = DomainName.normalized(text)
            guard !domain.isEmpty, !domain.contains("@"), !domain.contains("/") else {
                throw ConfigError.unusable(
                    key: key, value: text, reason: "not a domain; use a name such as example.org")
            }
            return domain
        }
    }

    /// Reads a choice key into its enumeration; the key's declared choices and the
    /// enumeration's cases are the same words.
    private static func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ configuration: PluginConfiguration
    ) throws -> Value where Value.RawValue == String {
        let text = try configuration.string(key)
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigError.unusable(key: key, value: text, reason: "use one of \(allowed)")
        }
        return value
    }

    private static func signatures(_ configuration: PluginConfiguration) throws -> SignatureSet {
        let paths = try configuration.list("tls_signature_files")
        do {
            return try SignatureSet.loading(files: paths)
        } catch {
            throw ConfigError.unusable(
                key: "tls_signature_files", value: paths.joined(separator: " "),
                reason: error.description)
        }
    }
}

/// The configured replies of the reject and tempfail actions.
public struct TLSReplies: Sendable, Hashable {
    public var missing: SMTPReply
    public var missingTempfail: SMTPReply
    public var weak: SMTPReply
    public var weakTempfail: SMTPReply
    public var unverified: SMTPReply
    public var unverifiedTempfail: SMTPReply

    init(configuration: PluginConfiguration) throws {
        missing = try configuration.reply("tls_missing_reply")
        missingTempfail = try configuration.reply("tls_missing_tempfail_reply")
        weak = try configuration.reply("tls_weak_reply")
        weakTempfail = try configuration.reply("tls_weak_tempfail_reply")
        unverified = try configuration.reply("tls_unverified_reply")
        unverifiedTempfail = try configuration.reply("tls_unverified_tempfail_reply")
        for (key, reply, permanent) in [
            ("tls_missing_reply", missing, true),
            ("tls_missing_tempfail_reply", missingTempfail, false),
            ("tls_weak_reply", weak, true), ("tls_weak_tempfail_reply", weakTempfail, false),
            ("tls_unverified_reply", unverified, true),
            ("tls_unverified_tempfail_reply", unverifiedTempfail, false),
        ] where (reply.code >= 500) != permanent {
            throw ConfigError.unusable(
                key: key, value: reply.description,
                reason: permanent
                    ? "a reject reply needs a 5xx code" : "a tempfail reply needs a 4xx code")
        }
    }

    /// Returns the reply for `kind` and `action`, with `detail` after the configured text
    /// when the line stays within the SMTP length limit.
    public func reply(for kind: ViolationKind, action: ViolationAction, detail: String) -> SMTPReply
    {
        let permanent = action == .reject
        let base: SMTPReply
        switch kind {
        case .missing: base = permanent ? missing : missingTempfail
        case .weak: base = permanent ? weak : weakTempfail
        case .unverified: base = permanent ? unverified : unverifiedTempfail
        }
        let text = base.text + " (" + SMTPReply.sanitizedText(detail) + ")"
        guard !detail.isEmpty,
            let detailed = try? SMTPReply(
                code: base.code, enhancedCode: base.enhancedCode.description, text: text)
        else {
            return base
        }
        return detailed
    }
}
