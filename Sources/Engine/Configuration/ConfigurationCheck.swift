import PluginAPI

/// The state of one configuration check: the file's entries and the errors and warnings
/// found so far. Each step records problems and goes on, so one run reports them all.
struct ConfigurationCheck {
    let file: ConfigFile?
    private(set) var errors: [ConfigFileError] = []
    private(set) var warnings: [ConfigFileError] = []

    init(file: ConfigFile?) {
        self.file = file
    }

    var path: String {
        file?.path ?? "(defaults)"
    }

    mutating func warning(at key: String, _ message: String) {
        warnings.append(
            ConfigFileError(path: path, line: file?.last(key)?.line, key: key, message: message))
    }

    mutating func error(at key: String, _ message: String) {
        errors.append(
            ConfigFileError(path: path, line: file?.last(key)?.line, key: key, message: message))
    }

    /// Returns the value of a daemon list key, read before plugins are known.
    mutating func daemonList(_ key: String) -> [String] {
        guard let declared = DaemonKeys.all.first(where: { $0.name == key }) else { return [] }
        let text = file?.last(key)?.value ?? declared.defaultValue
        return ConfigValueType.splitListForEngine(text)
    }

    /// Checks every entry of the file against `keys` and returns the effective values.
    /// Keys of plugins that exist but are not enabled give a warning, not an error.
    mutating func values(for keys: [ConfigKey], dormantKeys: [ConfigKey]) -> [String: ConfigValue]
    {
        var values: [String: ConfigValue] = [:]
        for key in keys {
            do {
                values[key.name] = try key.type.parse(key.defaultValue)
            } catch {
                errors.append(
                    ConfigFileError(
                        path: "(built-in default)", line: nil, key: key.name,
                        message: error.description))
            }
        }
        // The line each key was last set on, so that a key set again gets a warning that
        // names both lines.
        var lastLines: [String: Int] = [:]
        for entry in file?.entries ?? [] {
            if let earlier = lastLines[entry.key] {
                warnings.append(
                    ConfigFileError(
                        path: path, line: entry.line, key: entry.key,
                        message: "set again; this line overrides line \(earlier). Keep one "
                            + "line per key"))
            }
            lastLines[entry.key] = entry.line
            if entry.value.contains(" #") || entry.value.hasPrefix("#") {
                warnings.append(
                    ConfigFileError(
                        path: path, line: entry.line, key: entry.key,
                        message: "'#' inside a value is part of the value, not a comment; "
                            + "put comments on lines of their own"))
            }
            guard let key = keys.first(where: { $0.name == entry.key }) else {
                record(unknown: entry, keys: keys, dormantKeys: dormantKeys)
                continue
            }
            do {
                values[key.name] = try key.type.parse(entry.value)
            } catch {
                let message =
                    key.name == DaemonKeys.errorReply
                    ? ConfigValueError(value: entry.value, allowed: DaemonKeys.errorReplyAllowed)
                        .description
                    : error.description
                errors.append(
                    ConfigFileError(path: path, line: entry.line, key: entry.key, message: message))
            }
        }
        return values
    }

    private mutating func record(
        unknown entry: ConfigFile.Entry, keys: [ConfigKey], dormantKeys: [ConfigKey]
    ) {
        if dormantKeys.contains(where: { $0.name == entry.key }) {
            warnings.append(
                ConfigFileError(
                    path: path, line: entry.line, key: entry.key,
                    message: "ignored: it belongs to a plugin that is not in 'plugins'"))
            return
        }
        var message = "unknown key"
        if let suggestion = ConfigurationCheck.closest(to: entry.key, in: keys + dormantKeys) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += "; run 'tlsguard check-config --reference' for the list of keys"
        }
        errors.append(
            ConfigFileError(path: path, line: entry.line, key: entry.key, message: message))
    }

    /// Builds a plugin's configuration and instance parameters from the checked values.
    mutating func setup(
        _ descriptor: PluginDescriptor, values: [String: ConfigValue], libraryPath: String?
    ) -> PluginSetup? {
        var pluginValues: [String: ConfigValue] = [:]
        for key in descriptor.configKeys {
            pluginValues[key.name] = values[key.name]
        }
        let policyText: String
        if case .string(let text) = values[descriptor.name + "_on_error"] {
            policyText = text
        } else {
            policyText = descriptor.failurePolicy.rawValue
        }
        var timeLimit = descriptor.timeBudget
        if case .duration(let duration) = values[descriptor.name + "_time_limit"] {
            timeLimit = duration
        }
        if timeLimit <= .zero {
            error(
                at: descriptor.name + "_time_limit",
                "invalid value '0s': a plugin needs time to run, or every message tempfails; "
                    + "use a time such as 10s")
        }
        return PluginSetup(
            descriptor: descriptor,
            configuration: PluginConfiguration(pluginName: descriptor.name, values: pluginValues),
            failurePolicy: FailurePolicy(rawValue: policyText) ?? descriptor.failurePolicy,
            timeLimit: timeLimit, libraryPath: libraryPath)
    }

    /// Returns the nearest key name within edit distance 2 of `name`, if any.
    static func closest(to name: String, in keys: [ConfigKey]) -> String? {
        let scored = keys.map { (key: $0.name, distance: editDistance(name, $0.name)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2
        else {
            return nil
        }
        return best.key
    }

    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension ConfigValueType {
    /// Splits a list value the same way `ConfigValueType.list` parses it.
    static func splitListForEngine(_ text: String) -> [String] {
        if case .list(let items) = try? ConfigValueType.list.parse(text) {
            return items
        }
        return []
    }
}
