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
        enabled plugin, and checks every key and value. Each problem is printed to
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
        do {
            _ = try MilterSettings.configuration(from: configuration)
        } catch {
            var errors = Output.standardError
            errors.line(
                "tlsguard check-config: \(MilterSettings.located(error, in: configuration))")
            errors.flush()
            return .configuration
        }
        for key in configuration.keys {
            let explicit = configuration.explicitEntries.last { $0.key == key.name }
            guard all || explicit != nil else { continue }
            output.line("\(key.name) = \(configuration.text(of: key.name))")
        }
        let order = configuration.plugins.map(\.name).joined(separator: " -> ")
        output.line("# plugins in run order: \(order.isEmpty ? "none" : order)")
        return .success
    }
}
