import Logging
import Mail
import PluginAPI

/// The rule engine: the enabled plugins in run order, created from one configuration.
///
/// The milter and `tlsguard replay` both drive an `EngineSession` through the same stage
/// methods, so a replay shows exactly what the milter would do with the same message and
/// connection facts. An `Engine` is immutable; a configuration reload builds a new one
/// and new connections use it, while running sessions keep theirs.
public final class Engine: Sendable {
    public let configuration: EngineConfiguration
    let plugins: [ActivePlugin]
    let logger: Logger
    let auditLog: AuditLog?
    /// True for replay and configuration checks: copies of split messages are planned but
    /// not sent, and no audit record is written.
    public let dryRun: Bool
    /// The first plugin that can encrypt messages and send copies.
    let executor: (any RecipientActionExecutor)?

    struct ActivePlugin: Sendable {
        let setup: PluginSetup
        let instance: any RulePlugin
    }

    /// Creates every enabled plugin. A plugin whose `make` throws stops start-up with a
    /// message that names it.
    public init(configuration: EngineConfiguration, logger: Logger, dryRun: Bool = false)
        throws(EngineStartError)
    {
        self.configuration = configuration
        self.logger = logger
        self.dryRun = dryRun
        var plugins: [ActivePlugin] = []
        for setup in configuration.plugins {
            do {
                let instance = try setup.descriptor.make(setup.configuration)
                plugins.append(ActivePlugin(setup: setup, instance: instance))
            } catch let error as ConfigError {
                throw Engine.startError(error, plugin: setup.name, configuration: configuration)
            } catch {
                throw .pluginFailed(plugin: setup.name, reason: String(describing: error))
            }
        }
        self.plugins = plugins
        executor = plugins.lazy.compactMap { $0.instance as? any RecipientActionExecutor }.first
        let auditPath = configuration.string(DaemonKeys.auditLog)
        if auditPath.isEmpty || dryRun {
            auditLog = nil
        } else {
            do {
                auditLog = try AuditLog(path: auditPath)
            } catch {
                throw .auditLogFailed(path: auditPath, reason: error.reason)
            }
        }
    }

    /// Starts the engine's work on one SMTP connection (or one replayed message).
    public func session(connection: ConnectionInfo) -> EngineSession {
        EngineSession(engine: self, connection: connection)
    }

    /// Names of the plugins in run order.
    public var pluginNames: [String] {
        plugins.map(\.setup.name)
    }
}

extension Engine {
    /// Turns a plugin's configuration error into one that names the file and line of the
    /// key, like the errors of the configuration check.
    static func startError(
        _ error: ConfigError, plugin: String, configuration: EngineConfiguration
    ) -> EngineStartError {
        let key: String?
        switch error {
        case .unusable(let name, _, _), .invalidValue(let name, _): key = name
        case .undeclaredKey, .unknownKey, .wrongType: key = nil
        }
        guard let key else {
            return .pluginFailed(plugin: plugin, reason: error.description)
        }
        let message: String
        switch error {
        case .unusable(_, let value, let reason): message = "invalid value '\(value)': \(reason)"
        case .invalidValue(_, let valueError): message = valueError.description
        default: message = error.description
        }
        let line = configuration.explicitEntries.last { $0.key == key }?.line
        return .invalidSetting(
            ConfigFileError(
                path: configuration.path ?? "(defaults)", line: line, key: key, message: message))
    }
}

/// An error that stops the engine from starting.
public enum EngineStartError: Error, Sendable, CustomStringConvertible {
    case pluginFailed(plugin: String, reason: String)
    /// A value that a plugin cannot use, with the file and line that set it.
    case invalidSetting(ConfigFileError)
    case auditLogFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .pluginFailed(let plugin, let reason):
            "plugin \(plugin) could not start: \(reason)"
        case .invalidSetting(let error):
            error.description
        case .auditLogFailed(let path, let reason):
            "audit_log \(path): \(reason)"
        }
    }
}
