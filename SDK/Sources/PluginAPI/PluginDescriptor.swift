/// Everything the engine must know about a plugin before it creates one: its name, its
/// configuration keys, where it runs relative to other plugins, what happens when it
/// fails, and how to make an instance.
public struct PluginDescriptor: Sendable {
    /// A lower_snake_case name, unique among loaded plugins, used in the `plugins` key,
    /// logs and findings.
    public var name: String
    /// One line for `tlsguard plugins` and the configuration reference, without a closing
    /// period: the reference adds one.
    public var summary: String
    /// Keys this plugin reads. Each name starts with the plugin's prefix, such as `phi_`.
    public var configKeys: [ConfigKey]
    /// Plugins that must run before this one when both are enabled.
    public var runsAfter: [String]
    /// Plugins that must run after this one when both are enabled.
    public var runsBefore: [String]
    /// The action taken on the message when the plugin throws or exceeds its time budget,
    /// unless the configuration overrides it.
    public var failurePolicy: FailurePolicy
    /// How long one stage call may run, unless the configuration overrides it.
    public var timeBudget: Duration
    /// Creates the plugin from its effective configuration. Throw `ConfigError` for a value
    /// that the key's type allows but the plugin cannot use.
    public var make: @Sendable (PluginConfiguration) throws -> any RulePlugin

    public init(
        name: String, summary: String, configKeys: [ConfigKey] = [], runsAfter: [String] = [],
        runsBefore: [String] = [], failurePolicy: FailurePolicy = .tempfail,
        timeBudget: Duration = .seconds(30),
        make: @escaping @Sendable (PluginConfiguration) throws -> any RulePlugin
    ) {
        self.name = name
        self.summary = summary
        self.configKeys = configKeys
        self.runsAfter = runsAfter
        self.runsBefore = runsBefore
        self.failurePolicy = failurePolicy
        self.timeBudget = timeBudget
        self.make = make
    }
}

/// The engine's action on a message when a plugin fails on it.
public enum FailurePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Reply 4xx so the client retries later. The default: nothing is accepted unchecked.
    case tempfail
    /// Reply 5xx.
    case reject
    /// Ignore this plugin's result for the message and go on with the others.
    case `continue`
}
