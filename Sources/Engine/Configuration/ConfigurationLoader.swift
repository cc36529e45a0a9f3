import Glibc
import PluginAPI

/// Reads a configuration file, loads the plugin libraries it names, checks every key and
/// value, and returns an `EngineConfiguration`. Every problem found is reported, not only
/// the first, each as `file:line: key: what is wrong; what is allowed`.
public struct ConfigurationLoader: Sendable {
    /// The plugins compiled into tlsguard.
    public var builtins: [PluginDescriptor]
    /// Loads a plugin library; replaceable in tests.
    public var loadLibrary: @Sendable (String) throws(PluginLoadError) -> PluginDescriptor
    /// The command-line option that named the file, for the message when it is missing.
    public var fileOption = "--config"

    public init(builtins: [PluginDescriptor]) {
        self.builtins = builtins
        self.loadLibrary = { path throws(PluginLoadError) in try PluginLoader.load(path: path) }
    }

    /// The file read when no `--config` is given.
    public static let defaultPath = "/etc/tlsguard/tlsguard.conf"

    /// Loads `path`. With `path` nil, loads `defaultPath` when it exists and the defaults
    /// otherwise.
    public func load(path: String?) throws(ConfigurationErrors) -> EngineConfiguration {
        let chosen = path ?? ConfigurationLoader.defaultPath
        var status = stat()
        guard stat(chosen, &status) == 0 else {
            let code = errno
            if path == nil && code == ENOENT {
                return try load(file: nil)
            }
            throw ConfigurationErrors(
                ConfigFileError(
                    path: chosen, line: nil, key: nil, message: unusableFileMessage(errno: code)))
        }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw ConfigurationErrors(
                ConfigFileError(
                    path: chosen, line: nil, key: nil,
                    message: "is a directory, not a configuration file; pass the file "
                        + "inside it, such as \(chosen)/tlsguard.conf, with \(fileOption)"))
        }
        let text: String
        do {
            text = try ConfigurationLoader.readFile(chosen)
        } catch {
            throw ConfigurationErrors(error)
        }
        let file: ConfigFile
        do {
            file = try ConfigFile(path: chosen, text: text)
        } catch {
            throw ConfigurationErrors(error)
        }
        return try load(file: file)
    }

    /// Checks `file` (nil: defaults only) and builds the configuration.
    public func load(file: ConfigFile?) throws(ConfigurationErrors) -> EngineConfiguration {
        var check = ConfigurationCheck(file: file)

        let pluginNames = check.daemonList(DaemonKeys.plugins)
        let libraryPaths = check.daemonList(DaemonKeys.pluginPaths)
        var available = builtins.map { (descriptor: $0, path: String?.none) }
        for path in libraryPaths {
            do {
                available.append((try loadLibrary(path), path))
            } catch {
                check.error(at: DaemonKeys.pluginPaths, error.description)
            }
        }

        if pluginNames.isEmpty {
            check.warning(
                at: DaemonKeys.plugins,
                "no rule plugins: every message passes unchecked and untagged")
        }
        var enabled: [(descriptor: PluginDescriptor, path: String?)] = []
        for name in pluginNames {
            guard let match = available.first(where: { $0.descriptor.name == name }) else {
                let names = available.map(\.descriptor.name).joined(separator: ", ")
                check.error(
                    at: DaemonKeys.plugins,
                    "unknown plugin '\(name)'; available plugins: \(names.isEmpty ? "none" : names)"
                )
                continue
            }
            guard !enabled.contains(where: { $0.descriptor.name == name }) else {
                check.error(at: DaemonKeys.plugins, "plugin '\(name)' is listed twice")
                continue
            }
            enabled.append(match)
        }

        var keys = DaemonKeys.all
        for plugin in enabled {
            keys += plugin.descriptor.configKeys + DaemonKeys.pluginKeys(for: plugin.descriptor)
        }
        let dormantKeys = available.filter { candidate in
            !enabled.contains { $0.descriptor.name == candidate.descriptor.name }
        }.flatMap { $0.descriptor.configKeys + DaemonKeys.pluginKeys(for: $0.descriptor) }
        let values = check.values(for: keys, dormantKeys: dormantKeys)

        let ordered: [PluginDescriptor]
        do {
            ordered = try PluginOrder.sort(enabled.map(\.descriptor))
        } catch {
            check.error(at: DaemonKeys.plugins, error.description)
            ordered = []
        }
        let setups = ordered.compactMap { descriptor in
            check.setup(
                descriptor, values: values,
                libraryPath: enabled.first { $0.descriptor.name == descriptor.name }?.path)
        }

        if !check.errors.isEmpty {
            throw ConfigurationErrors(check.errors)
        }
        return EngineConfiguration(
            path: file?.path, keys: keys, values: values,
            explicitEntries: file?.entries ?? [], plugins: setups, warnings: check.warnings)
    }

    /// Returns the message for a configuration file that `stat` failed on with `code`.
    func unusableFileMessage(errno code: Int32) -> String {
        switch code {
        case ENOENT:
            "file not found; create it (Conf/tlsguard.conf is a commented example) or pass "
                + "another file with \(fileOption)"
        case ELOOP:
            "too many levels of symbolic links, most likely a link that leads back to "
                + "itself; point the link at the configuration file or pass that file with "
                + "\(fileOption)"
        case ENOTDIR:
            "a component of the path is a file, not a directory; check the path given "
                + "with \(fileOption)"
        default:
            "cannot be read: \(String(cString: strerror(code))); check the path and the "
                + "permissions of its directories"
        }
    }

    static func readFile(_ path: String) throws(ConfigFileError) -> String {
        do {
            return String(decoding: try FileContents.read(path), as: UTF8.self)
        } catch {
            throw ConfigFileError(
                path: path, line: nil, key: nil,
                message: "cannot be read: \(error.reason); check its permissions")
        }
    }
}

/// Every error found in a configuration.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [ConfigFileError]

    init(_ error: ConfigFileError) {
        errors = [error]
    }

    init(_ errors: [ConfigFileError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
