/// The effective values of a plugin's keys: the file's values over the declared defaults.
///
/// Accessors throw `ConfigError.undeclaredKey` for a key the plugin did not declare, or
/// `ConfigError.wrongType` when the declared type differs, so a typo in a plugin shows at
/// start-up, not on the first message.
public struct PluginConfiguration: Sendable {
    public let pluginName: String
    private let values: [String: ConfigValue]

    public init(pluginName: String, values: [String: ConfigValue]) {
        self.pluginName = pluginName
        self.values = values
    }

    /// Builds a configuration from the declared defaults and `overrides` written as in the
    /// file. Used by the engine and by the plugin test kit.
    public init(descriptor: PluginDescriptor, overrides: [String: String] = [:]) throws(ConfigError)
    {
        var values: [String: ConfigValue] = [:]
        for key in descriptor.configKeys {
            let text = overrides[key.name] ?? key.defaultValue
            do {
                values[key.name] = try key.type.parse(text)
            } catch {
                throw .invalidValue(key: key.name, error)
            }
        }
        for name in overrides.keys where values[name] == nil {
            throw .unknownKey(name, plugin: descriptor.name)
        }
        self.init(pluginName: descriptor.name, values: values)
    }

    public func value(_ key: String) throws(ConfigError) -> ConfigValue {
        guard let value = values[key] else {
            throw .undeclaredKey(key, plugin: pluginName)
        }
        return value
    }

    public func string(_ key: String) throws(ConfigError) -> String {
        guard case .string(let text) = try value(key) else { throw .wrongType(key) }
        return text
    }

    public func integer(_ key: String) throws(ConfigError) -> Int {
        guard case .integer(let number) = try value(key) else { throw .wrongType(key) }
        return number
    }

    public func decimal(_ key: String) throws(ConfigError) -> Double {
        switch try value(key) {
        case .decimal(let number): return number
        case .integer(let number): return Double(number)
        default: throw .wrongType(key)
        }
    }

    public func boolean(_ key: String) throws(ConfigError) -> Bool {
        guard case .boolean(let flag) = try value(key) else { throw .wrongType(key) }
        return flag
    }

    public func duration(_ key: String) throws(ConfigError) -> Duration {
        guard case .duration(let duration) = try value(key) else { throw .wrongType(key) }
        return duration
    }

    public func list(_ key: String) throws(ConfigError) -> [String] {
        guard case .list(let items) = try value(key) else { throw .wrongType(key) }
        return items
    }

    public func reply(_ key: String) throws(ConfigError) -> SMTPReply {
        guard case .reply(let reply) = try value(key) else { throw .wrongType(key) }
        return reply
    }
}

/// A configuration error found while a plugin reads its configuration.
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    case undeclaredKey(String, plugin: String)
    case unknownKey(String, plugin: String)
    case wrongType(String)
    case invalidValue(key: String, ConfigValueError)
    /// A value that the key's type allows but the plugin cannot use.
    case unusable(key: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .undeclaredKey(let key, let plugin):
            "plugin \(plugin) reads key \(key), which it does not declare"
        case .unknownKey(let key, let plugin):
            "unknown key \(key) for plugin \(plugin)"
        case .wrongType(let key):
            "key \(key) is read with a type other than its declared one"
        case .invalidValue(let key, let error):
            "\(key): \(error)"
        case .unusable(let key, let value, let reason):
            "\(key): invalid value '\(value)': \(reason)"
        }
    }
}
