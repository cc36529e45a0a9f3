import PluginAPI

/// The plugin's knowledge of recipient domains for the `tlsguard probe` and
/// `tlsguard policy` commands: the same sources, checks and cache as the milter uses.
public struct OutboundInspector: Sendable {
    let settings: AutoEncryptSettings
    let service: AssuranceService
    /// The place where `probe` keeps its results.
    public let resultStorage: ProbeResultStorage

    /// Settings for one command run that replace configured values; nil keeps the value.
    public struct Overrides: Sendable {
        public var resolver: String?
        public var mxHost: String?
        public var port: Int?
        public var timeout: Duration?
        public var caFile: String?

        /// True when a setting points the checks at other servers or trust anchors than
        /// the configured ones: `resolver`, `mxHost`, `port` or `caFile`. A result found
        /// that way describes the test servers, not the domain, so it must not reach the
        /// cache file that the milter and `tlsguard policy export` read. `timeout` only
        /// shortens the checks and does not count.
        public var pointsAtTestServers: Bool {
            resolver != nil || mxHost != nil || port != nil || caFile != nil
        }

        /// Returns true when `setting` is a valid `--resolver` value: an IPv4 address with
        /// an optional port.
        public static func isValidResolver(_ setting: String) -> Bool {
            !setting.isEmpty && (try? DNSResolver(setting: setting)) != nil
        }

        public init(
            resolver: String? = nil, mxHost: String? = nil, port: Int? = nil,
            timeout: Duration? = nil, caFile: String? = nil
        ) {
            self.resolver = resolver
            self.mxHost = mxHost
            self.port = port
            self.timeout = timeout
            self.caFile = caFile
        }
    }

    /// Reads the plugin's configuration. Throws `ConfigError` like the daemon would, except
    /// that no gateway address is required.
    public init(configuration: PluginConfiguration, overrides: Overrides = Overrides()) throws {
        var settings = try AutoEncryptSettings(configuration, requireGateway: false)
        if let resolver = overrides.resolver {
            settings.probe.resolver = try DNSResolver(setting: resolver)
        }
        if let host = overrides.mxHost { settings.probe.mxHostOverride = host }
        if let port = overrides.port { settings.probe.port = port }
        if let timeout = overrides.timeout { settings.probe.hostTimeout = timeout }
        if let caFile = overrides.caFile {
            settings.probe.caFile = caFile
            settings.probe.mtaSTSCAFile = caFile
        }
        if overrides.pointsAtTestServers {
            settings.cacheFile = nil
            resultStorage = .memoryForTestServers
        } else {
            resultStorage = settings.cacheFile.map { .file($0) } ?? .memory
        }
        self.settings = settings
        service = AutoEncryptRedirectPlugin.makeService(settings)
    }

    /// Checks `domain` now, in the foreground, stores the result in the cache like the
    /// daemon would, and returns what was learned and from where. The cache is the
    /// configured file, except when `resultStorage` keeps results in memory.
    public func probe(_ domain: String) -> ProbeSummary {
        let name = domain.lowercased()
        let report = service.prober.examine(name)
        let network = AssuranceCombiner.combine(
            domain: name, evidence: report.evidence, mtaSTSPatterns: report.enforcedMTASTSPatterns)
        service.cache.store(
            network,
            ttl: AssuranceService.lifetime(network, report, service.ttl, service.unknownTTL))
        let combined = AssuranceCombiner.combine(
            domain: name, evidence: service.staticEvidence(for: name) + report.evidence,
            mtaSTSPatterns: report.enforcedMTASTSPatterns)
        return ProbeSummary(
            report: report, assurance: combined, settings: settings.probe, storage: resultStorage)
    }

    /// Writes an `smtp_tls_policy_maps` table with a mandatory level for every domain whose
    /// TLS tlsguard has confirmed, at `minimum` or better.
    public func postfixPolicyExport(minimum: String) throws -> String {
        try postfixPolicyTable(minimum: minimum).text
    }

    /// Writes the table of `postfixPolicyExport(minimum:)` and returns it with one warning
    /// for each override that it leaves out because Postfix could not use it.
    public func postfixPolicyTable(minimum: String) throws -> (text: String, warnings: [String])
    {
        guard let level = TLSAssurance(rawValue: minimum), level >= .encrypted else {
            throw ConfigError.unusable(
                key: "--minimum", value: minimum, reason: "expected encrypted or verified")
        }
        let export = PostfixPolicyExport(service: service, minimum: level)
        return (export.text(), export.warnings())
    }
}
