import Glibc
import PluginAPI

/// The plugin's configuration, read and checked once at start-up.
struct AutoEncryptSettings: Sendable {
    typealias Keys = AutoEncryptKeys

    enum TLSRequiredPolicy: String, Sendable {
        case strip, reject
    }

    var policy = ProtectionPolicy()
    /// nil for `auto`: the strongest level the domain's proof supports.
    var enforceLevel: TLSEnforcementLevel?
    var preferSMIME = true
    var noCertificateAction = ProtectionAction.redirect
    var gateway = ""
    var rejectReply = SMTPReply.constant(550, "5.7.1", "Recipient cannot receive this securely")
    var tlsRequiredNo = TLSRequiredPolicy.strip
    var tlsRequiredReply = SMTPReply.constant(550, "5.7.1", "TLS-Required: no is not allowed")
    var budget: Duration = .seconds(3)
    var probeAtRCPT = true
    var probe = ProbeSettings()
    var overrides = PostfixPolicyMap()
    var policyMap = PostfixPolicyMap()
    var cacheTTL = 3600
    var unknownCacheTTL = 300
    var cacheFile: String?
    var cacheSize = 100_000
    var concurrency = 8
    var certificates = CertificateStore()
    var cipher = SMIMEEncryptor.Cipher.aes256GCM
    var legacyRecipients: [String] = []
    var reinjection: ReinjectionClient

    /// Reads every key. Throws `ConfigError.unusable` for values the key's type allows but
    /// the plugin cannot use, naming the key and the value. `requireGateway` is false for
    /// the `probe` and `policy` commands, which never redirect.
    init(_ configuration: PluginConfiguration, requireGateway: Bool = true) throws {
        let heloName = AutoEncryptSettings.hostName()
        reinjection = try AutoEncryptSettings.unusable(Keys.reinjectAddress, configuration) {
            try ReinjectionClient(
                address: configuration.string(Keys.reinjectAddress), heloName: heloName,
                timeout: configuration.duration(Keys.reinjectTimeout))
        }
        try readPolicy(configuration)
        try readSources(configuration)
        try readProbe(configuration, heloName: heloName)
        try readDelivery(configuration)
        if requireGateway {
            try checkGateway()
        }
    }

    private mutating func readPolicy(_ configuration: PluginConfiguration) throws {
        policy.onVerified = try action(Keys.onVerified, configuration)
        policy.onEncrypted = try action(Keys.onEncrypted, configuration)
        policy.onOpportunistic = try action(Keys.onOpportunistic, configuration)
        policy.onNone = try action(Keys.onNone, configuration)
        let unknown = try configuration.string(Keys.onUnknown)
        policy.onUnknown = unknown == "same_as_none" ? nil : ProtectionAction(rawValue: unknown)
        for (domain, word) in try AutoEncryptSettings.pairs(Keys.domainActions, configuration) {
            guard let action = ProtectionAction(rawValue: word) else {
                throw ConfigError.unusable(
                    key: Keys.domainActions, value: domain + "=" + word,
                    reason: "expected domain=action with an action of "
                        + ProtectionAction.words.joined(separator: ", "))
            }
            policy.domainActions[domain] = action
        }
        enforceLevel = TLSEnforcementLevel(rawValue: try configuration.string(Keys.enforceLevel))
        preferSMIME = try configuration.boolean(Keys.preferSMIME)
        noCertificateAction = try action(Keys.noCertificateAction, configuration)
        gateway = try configuration.string(Keys.gatewayAddress)
        rejectReply = try configuration.reply(Keys.rejectReply)
        tlsRequiredNo =
            TLSRequiredPolicy(rawValue: try configuration.string(Keys.tlsRequiredNo)) ?? .strip
        tlsRequiredReply = try configuration.reply(Keys.tlsRequiredReply)
    }

    private mutating func readSources(_ configuration: PluginConfiguration) throws {
        let tables = try configuration.list(Keys.policyMaps)
        policyMap = try AutoEncryptSettings.unusable(Keys.policyMaps, configuration) {
            try PostfixPolicyMap.load(tables: tables)
        }
        let lines = try AutoEncryptSettings.pairs(Keys.overrides, configuration).map {
            $0.0 + " " + $0.1
        }
        overrides = try AutoEncryptSettings.unusable(Keys.overrides, configuration) {
            try PostfixPolicyMap(text: lines.joined(separator: "\n"), path: Keys.overrides)
        }
        probe.resolver = try AutoEncryptSettings.unusable(Keys.resolver, configuration) {
            try DNSResolver(setting: configuration.string(Keys.resolver))
        }
        probe.daneEnabled = try configuration.boolean(Keys.dane)
        probe.mtaSTSEnabled = try configuration.boolean(Keys.mtaSTS)
        probe.mtaSTSPort = try configuration.integer(Keys.mtaSTSPort)
        probe.mtaSTSCAFile = try configuration.string(Keys.mtaSTSCAFile)
    }

    private mutating func readProbe(_ configuration: PluginConfiguration, heloName: String) throws {
        probe.probeEnabled = try configuration.boolean(Keys.probe)
        budget = try configuration.duration(Keys.probeBudget)
        probe.hostTimeout = try configuration.duration(Keys.probeTimeout)
        concurrency = try configuration.integer(Keys.probeConcurrency)
        probe.port = try configuration.integer(Keys.probePort)
        let host = try configuration.string(Keys.probeMXHost)
        probe.mxHostOverride = host.isEmpty ? nil : host
        probe.maxHosts = try configuration.integer(Keys.probeMaxHosts)
        let helo = try configuration.string(Keys.probeHELO)
        probe.heloName = helo.isEmpty ? heloName : helo
        probe.caFile = try configuration.string(Keys.probeCAFile)
        probe.requireTrustedCertificate = try configuration.boolean(Keys.requireTrusted)
        probeAtRCPT = try configuration.boolean(Keys.probeAtRCPT)
        cacheTTL = Int(try configuration.duration(Keys.cacheTTL).components.seconds)
        unknownCacheTTL = Int(try configuration.duration(Keys.unknownCacheTTL).components.seconds)
        let file = try configuration.string(Keys.cacheFile)
        cacheFile = file.isEmpty ? nil : file
        cacheSize = try configuration.integer(Keys.cacheSize)
    }

    private mutating func readDelivery(_ configuration: PluginConfiguration) throws {
        let sources = try configuration.list(Keys.certificates)
        certificates = try AutoEncryptSettings.unusable(Keys.certificates, configuration) {
            try CertificateStore(sources: sources)
        }
        cipher =
            SMIMEEncryptor.Cipher(rawValue: try configuration.string(Keys.cipher)) ?? .aes256GCM
        legacyRecipients = try configuration.list(Keys.legacyRecipients).map { $0.lowercased() }
    }

    /// Throws when an action can be redirect and no gateway address is set, so that the
    /// error shows at start-up rather than on a message.
    private func checkGateway() throws {
        let actions =
            [
                policy.onVerified, policy.onEncrypted, policy.onOpportunistic, policy.onNone,
                noCertificateAction,
            ] + (policy.onUnknown.map { [$0] } ?? [])
            + Array(policy.domainActions.values)
        let needsGateway = actions.contains(.redirect)
        guard !needsGateway || gateway.contains("@") else {
            throw ConfigError.unusable(
                key: Keys.gatewayAddress, value: gateway,
                reason: "an action can be redirect, so set the encryption gateway's address, "
                    + "such as secure@gateway.example.net, or change the auto_encrypt_on_* "
                    + "actions")
        }
    }

    // MARK: - Helpers

    private func action(_ key: String, _ configuration: PluginConfiguration) throws
        -> ProtectionAction
    {
        let word = try configuration.string(key)
        guard let action = ProtectionAction(rawValue: word) else {
            throw ConfigError.unusable(key: key, value: word, reason: "unknown action")
        }
        return action
    }

    /// Splits `name=value` list items; the name is lower-cased.
    static func pairs(_ key: String, _ configuration: PluginConfiguration) throws
        -> [(String, String)]
    {
        try configuration.list(key).map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigError.unusable(
                    key: key, value: item,
                    reason: "expected domain=value, such as example.com=encrypt")
            }
            return (parts[0].lowercased(), parts[1])
        }
    }

    /// Runs `body` and turns any error into `ConfigError.unusable` for `key`.
    static func unusable<T>(
        _ key: String, _ configuration: PluginConfiguration, _ body: () throws -> T
    ) throws -> T {
        do {
            return try body()
        } catch let error as ConfigError {
            throw error
        } catch {
            let value = (try? configuration.value(key))?.text ?? ""
            throw ConfigError.unusable(key: key, value: value, reason: "\(error)")
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(
            decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
