import Engine
import PluginAPI

/// `tlsguard check-config`: validate the configuration like `postfix check` and print the
/// effective settings like `postconf -n`.
struct CheckConfigCommand: Command {
    static let name = "check-config"
    static let summary = "Check the configuration and print the effective settings"
    static let help = """
        Usage: tlsguard check-config [--config FILE] [--all | --reference]

        Reads the configuration file, loads the plugin libraries it names, creates every
        enabled plugin, and checks every key and value. It also checks, as the user who
        runs it, that the audit trail file (audit_log) can be opened for appending and
        that the spool directory (milter_spool_directory) exists or can be created, by
        creating and removing a temporary entry there. Each problem is printed to
        standard error as FILE:LINE: KEY: what is wrong; what is allowed.

        On success, prints the settings written in the file as 'key = value' lines, like
        'postconf -n', followed by the plugins in the order they run.

        Options:
          --config FILE   The configuration file (default /etc/tlsguard/tlsguard.conf;
                          built-in defaults apply when that file does not exist).
          --all           Print every setting with its effective value, defaults
                          included, like 'postconf'.
          --reference     Print the configuration reference in Markdown: every key of
                          the daemon and of every built-in plugin, with its type,
                          default and description; with --config, also the keys of the
                          plugins that file loads from plugin_paths.
                          Docs/configuration.md is this output without --config.

        Exit status:
          0   the configuration is valid
          64  wrong usage
          78  the configuration is invalid

        """

    let configPath: String?
    let all: Bool
    let reference: Bool

    init(arguments: inout ArgumentList) throws(UsageError) {
        configPath = try arguments.option("config")
        all = arguments.flag("all")
        reference = arguments.flag("reference")
        guard try arguments.finish().isEmpty else {
            throw UsageError("check-config: takes no file arguments; use --config FILE")
        }
        guard !(all && reference) else {
            throw UsageError("check-config: use either --all or --reference")
        }
    }

    func run() throws -> ExitStatus {
        var output = Output.standardOutput
        defer { output.flush() }
        if reference {
            var plugins = BuiltinPlugins.all
            if let configPath {
                guard
                    let configuration = Startup.loadConfiguration(
                        path: configPath, command: Self.name)
                else {
                    return .configuration
                }
                plugins += configuration.plugins.filter { $0.libraryPath != nil }
                    .map(\.descriptor)
            }
            output.write(ConfigurationReference.markdown(plugins: plugins))
            return .success
        }
        guard let configuration = Startup.loadConfiguration(path: configPath, command: Self.name),
            Startup.makeEngine(
                configuration, logger: .discarding, command: Self.name, dryRun: true) != nil
        else {
            return .configuration
        }
        if configuration.path == nil {
            var errors = Output.standardError
            errors.line(
                "tlsguard check-config: note: \(ConfigurationLoader.defaultPath) does not exist, "
                    + "so the built-in defaults were checked; create it (Conf/tlsguard.conf "
                    + "is a commented example) or pass another file with --config")
            errors.flush()
        }
        guard checkDaemonSettings(configuration) else { return .configuration }
        for key in configuration.keys {
            let explicit = configuration.explicitEntries.last { $0.key == key.name }
            guard all || explicit != nil else { continue }
            output.line("\(key.name) = \(configuration.text(of: key.name))")
        }
        let order = configuration.plugins.map(\.name).joined(separator: " -> ")
        output.line("# plugins in run order: \(order.isEmpty ? "none" : order)")
        return .success
    }

    /// Checks the settings that only the daemon uses: the milter settings, the audit trail
    /// file and the spool directory. Prints each problem and returns false if there was one.
    private func checkDaemonSettings(_ configuration: EngineConfiguration) -> Bool {
        var problems: [MilterSettingsError] = []
        do {
            _ = try MilterSettings.configuration(from: configuration)
        } catch {
            problems.append(error)
        }
        let auditPath = configuration.string(DaemonKeys.auditLog)
        if !auditPath.isEmpty, let problem = WritablePathCheck.auditLogProblem(auditPath) {
            problems.append(MilterSettingsError(key: DaemonKeys.auditLog, message: problem))
        }
        let spoolPath = configuration.string(DaemonKeys.spoolDirectory)
        if let problem = WritablePathCheck.spoolDirectoryProblem(spoolPath) {
            problems.append(MilterSettingsError(key: DaemonKeys.spoolDirectory, message: problem))
        }

        var errors = Output.standardError
        for problem in problems {
            let located = MilterSettings.located(problem, in: configuration)
            errors.line("tlsguard check-config: \(located)")
        }
        errors.flush()
        return problems.isEmpty
    }
}
