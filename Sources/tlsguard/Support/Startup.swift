import Engine
import Logging
import PluginAPI

/// Steps shared by the commands that run the engine: loading the configuration and making
/// the logger.
enum Startup {
    /// Loads and checks the configuration, printing every error to standard error.
    /// Returns nil when it is invalid.
    static func loadConfiguration(path: String?, command: String, option: String = "--config")
        -> EngineConfiguration?
    {
        var loader = ConfigurationLoader(builtins: BuiltinPlugins.all)
        loader.fileOption = option
        var errors = Output.standardError
        defer { errors.flush() }
        do {
            let configuration = try loader.load(path: path)
            for warning in configuration.warnings {
                errors.line("tlsguard \(command): warning: \(warning)")
            }
            return configuration
        } catch {
            for problem in error.errors {
                errors.line("tlsguard \(command): \(problem)")
            }
            return nil
        }
    }

    /// Creates the engine, printing why it cannot start.
    static func makeEngine(
        _ configuration: EngineConfiguration, logger: Logger, command: String,
        dryRun: Bool = false
    ) -> Engine? {
        do {
            return try Engine(configuration: configuration, logger: logger, dryRun: dryRun)
        } catch {
            var errors = Output.standardError
            errors.line("tlsguard \(command): \(error)")
            errors.flush()
            return nil
        }
    }

    /// Writes a start-up error to standard error, for the person who started the daemon,
    /// and to the log, for the operator of its supervisor.
    static func reportStartupError(_ message: String, command: String, logger: Logger) {
        var errors = Output.standardError
        errors.line("tlsguard \(command): \(message)")
        errors.flush()
        logger.error("start-up failed", ["reason": message])
    }

    /// Parses a `--log-level` value.
    static func logLevel(_ text: String?, command: String) throws(UsageError) -> LogLevel? {
        guard let text else { return nil }
        guard let level = LogLevel(name: text) else {
            throw UsageError(
                "\(command): invalid log level '\(text)'; expected debug, info, notice, "
                    + "warning or error")
        }
        return level
    }
}
