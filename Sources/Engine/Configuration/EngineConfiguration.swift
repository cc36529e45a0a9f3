import Logging
import Mail
import PluginAPI

/// A checked configuration: every daemon setting with its effective value, and the enabled
/// plugins in run order, each with its own configuration.
public struct EngineConfiguration: Sendable {
    /// The file the settings came from, or nil when only defaults apply.
    public let path: String?
    /// Every known key (daemon and enabled plugins), in reference order.
    public let keys: [ConfigKey]
    /// Effective values of all `keys`.
    public let values: [String: ConfigValue]
    /// Keys set in the file, with their text, for `check-config` output.
    public let explicitEntries: [ConfigFile.Entry]
    public let plugins: [PluginSetup]
    /// Problems that do not stop start-up, such as a key of a disabled plugin.
    public let warnings: [ConfigFileError]

    public func string(_ key: String) -> String {
        if case .string(let text) = values[key] { return text }
        return ""
    }

    public func integer(_ key: String) -> Int {
        if case .integer(let number) = values[key] { return number }
        return 0
    }

    public func duration(_ key: String) -> Duration {
        if case .duration(let duration) = values[key] { return duration }
        return .zero
    }

    public func list(_ key: String) -> [String] {
        if case .list(let items) = values[key] { return items }
        return []
    }

    public func reply(_ key: String) -> SMTPReply {
        if case .reply(let reply) = values[key] { return reply }
        return SMTPReply.defaultTempfail
    }

    public var logLevel: LogLevel {
        LogLevel(name: string(DaemonKeys.logLevel)) ?? .info
    }

    public var mimeLimits: MIMELimits {
        var limits = MIMELimits()
        limits.maxDepth = integer(DaemonKeys.mimeMaxDepth)
        limits.maxParts = integer(DaemonKeys.mimeMaxParts)
        limits.maxDecodedPartSize = integer(DaemonKeys.mimeMaxDecodedPartSize)
        limits.maxTextViewSize = integer(DaemonKeys.mimeMaxTextSize)
        return limits
    }

    /// Returns the effective value of `key` as it would be written in the file.
    public func text(of key: String) -> String {
        if let entry = explicitEntries.last(where: { $0.key == key }) {
            return entry.value
        }
        return keys.first { $0.name == key }?.defaultValue ?? ""
    }
}

/// One enabled plugin: its descriptor, its configuration, and what the engine does when it
/// fails.
public struct PluginSetup: Sendable {
    public let descriptor: PluginDescriptor
    public let configuration: PluginConfiguration
    public let failurePolicy: FailurePolicy
    public let timeLimit: Duration
    /// The shared library it came from; nil for a built-in plugin.
    public let libraryPath: String?

    public var name: String { descriptor.name }
}
