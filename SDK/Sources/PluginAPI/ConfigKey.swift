/// One configuration key: its name, type, default and a line of documentation. Plugins
/// declare their keys; the daemon declares its own. The configuration reference is
/// generated from these declarations.
public struct ConfigKey: Sendable, Hashable {
    public var name: String
    public var type: ConfigValueType
    /// The default as it would be written in the file; empty means no value.
    public var defaultValue: String
    public var summary: String

    public init(
        _ name: String, _ type: ConfigValueType, default defaultValue: String,
        _ summary: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// The type of a configuration value, which decides how its text is parsed and checked.
public enum ConfigValueType: Sendable, Hashable {
    case string
    case integer(ClosedRange<Int>)
    /// `yes` or `no`, as in Postfix; `true`, `false`, `on`, `off`, `1`, `0` are accepted.
    case boolean
    /// A number with a unit: `s`, `m`, `h`, `d`, or `ms`. A bare number means seconds.
    case duration
    /// A number of bytes with an optional `k`, `m` or `g` suffix (powers of 1024).
    case size
    /// A number, as in `7` or `2.5`.
    case decimal
    /// One of a fixed set of words.
    case choice([String])
    /// Items separated by commas and/or white space.
    case list
    /// A file or directory path.
    case path
    /// A reply as `code enhanced-code text`, such as `550 5.7.1 Message refused`.
    case reply

    /// The unit shown in the configuration reference.
    public var unit: String {
        switch self {
        case .duration: "time (s, m, h, d, ms)"
        case .size: "bytes (k, m, g suffixes)"
        case .integer: "integer"
        case .decimal: "number"
        case .boolean: "yes or no"
        case .choice(let words): words.joined(separator: " | ")
        case .list: "list"
        case .path: "path"
        case .reply: "SMTP reply"
        case .string: "text"
        }
    }

    /// Parses and checks `text`. The result is what `PluginConfiguration` returns.
    public func parse(_ text: String) throws(ConfigValueError) -> ConfigValue {
        switch self {
        case .string, .path:
            return .string(text)
        case .integer(let range):
            guard let value = Int(text), range.contains(value) else {
                throw ConfigValueError(
                    value: text,
                    allowed: "an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return .integer(value)
        case .boolean:
            return .boolean(try ConfigValueType.parseBoolean(text))
        case .duration:
            return .duration(try ConfigValueType.parseDuration(text))
        case .size:
            return .integer(try ConfigValueType.parseSize(text))
        case .decimal:
            guard let value = Double(text), value.isFinite else {
                throw ConfigValueError(value: text, allowed: "a number such as 5 or 2.5")
            }
            return .decimal(value)
        case .choice(let words):
            guard words.contains(text) else {
                throw ConfigValueError(value: text, allowed: words.joined(separator: ", "))
            }
            return .string(text)
        case .list:
            return .list(ConfigValueType.splitList(text))
        case .reply:
            return .reply(try ConfigValueType.parseReply(text))
        }
    }

    static func parseBoolean(_ text: String) throws(ConfigValueError) -> Bool {
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw ConfigValueError(value: text, allowed: "yes or no")
        }
    }

    static func parseDuration(_ text: String) throws(ConfigValueError) -> Duration {
        let units: [(suffix: String, milliseconds: Int)] = [
            ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ]
        let error = ConfigValueError(
            value: text, allowed: "a time such as 500ms, 30s, 5m, 1h or 2d")
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            if unit.suffix == "s" && number.hasSuffix("m") { continue }
            guard let value = Int(number), value >= 0,
                value <= Int.max / unit.milliseconds
            else {
                throw error
            }
            return .milliseconds(value * unit.milliseconds)
        }
        guard let seconds = Int(text), seconds >= 0, seconds <= Int.max / 1000 else {
            throw error
        }
        return .seconds(seconds)
    }

    static func parseSize(_ text: String) throws(ConfigValueError) -> Int {
        let error = ConfigValueError(value: text, allowed: "a size such as 4096, 512k, 10m or 1g")
        let lower = text.lowercased()
        var multiplier = 1
        var number = Substring(lower)
        if let last = lower.last, let shift = ["k": 10, "m": 20, "g": 30][String(last)] {
            multiplier = 1 << shift
            number = number.dropLast()
        }
        guard let value = Int(number), value >= 0, value <= Int.max / multiplier else {
            throw error
        }
        return value * multiplier
    }

    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" })
            .map(String.init)
    }

    static func parseReply(_ text: String) throws(ConfigValueError) -> SMTPReply {
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        let allowed = "a reply such as '550 5.7.1 Message refused'"
        guard fields.count == 3, let code = Int(fields[0]) else {
            throw ConfigValueError(value: text, allowed: allowed)
        }
        do {
            return try SMTPReply(
                code: code, enhancedCode: String(fields[1]), text: String(fields[2]))
        } catch {
            throw ConfigValueError(value: text, allowed: "\(allowed) (\(error))")
        }
    }
}

/// A parsed configuration value.
public enum ConfigValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case decimal(Double)
    case boolean(Bool)
    case duration(Duration)
    case list([String])
    case reply(SMTPReply)

    /// The value as an administrator would write it in the file, for error messages.
    public var text: String {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .decimal(let number): String(number)
        case .boolean(let flag): flag ? "yes" : "no"
        case .duration(let duration): ConfigValue.durationText(duration)
        case .list(let items): items.joined(separator: ", ")
        case .reply(let reply): "\(reply.code) \(reply.enhancedCode) \(reply.text)"
        }
    }

    /// Formats a duration in whole seconds (`30s`) or, when it has a fraction, in
    /// milliseconds (`250ms`).
    public static func durationText(_ duration: Duration) -> String {
        let milliseconds =
            duration.components.seconds * 1000
            + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}

/// A value that its key's type does not allow.
public struct ConfigValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public var allowed: String

    public init(value: String, allowed: String) {
        self.value = value
        self.allowed = allowed
    }

    public var description: String {
        "invalid value '\(value)'; expected \(allowed)"
    }
}
