/// A value that writes log records for one component, in the shape mail
/// administrators grep for: queue id first, then an event word, then `key=value` pairs in
/// the order the caller gave them.
///
/// A `Logger` is cheap to copy. Give each component its own label and pass copies down;
/// `with(queueID:)` returns a copy whose records carry the queue id.
public struct Logger: Sendable {
    public let label: String
    public let handler: any LogHandler
    public var minimumLevel: LogLevel
    public var queueID: String?

    public init(label: String, handler: any LogHandler, minimumLevel: LogLevel = .info) {
        self.label = label
        self.handler = handler
        self.minimumLevel = minimumLevel
    }

    /// A logger that drops every record.
    public static var discarding: Logger {
        Logger(label: "discard", handler: NullLogHandler(), minimumLevel: .error)
    }

    /// Returns a copy whose records carry `queueID`, or `NOQUEUE` when it is nil.
    public func with(queueID: String?) -> Logger {
        var copy = self
        copy.queueID = queueID
        return copy
    }

    /// Returns a copy with another label, for a subcomponent.
    public func with(label: String) -> Logger {
        var copy = Logger(label: label, handler: handler, minimumLevel: minimumLevel)
        copy.queueID = queueID
        return copy
    }

    public func isEnabled(_ level: LogLevel) -> Bool {
        level >= minimumLevel
    }

    /// Writes one record. `event` is a constant word or phrase such as `accepted`; the
    /// variable parts go into `metadata`, never into `event`.
    public func log(_ level: LogLevel, _ event: String, _ metadata: LogMetadata = [:]) {
        guard isEnabled(level) else { return }
        handler.write(
            LogRecord(
                level: level, label: label, queueID: queueID, event: event, metadata: metadata))
    }

    public func debug(_ event: String, _ metadata: LogMetadata = [:]) {
        log(.debug, event, metadata)
    }

    public func info(_ event: String, _ metadata: LogMetadata = [:]) {
        log(.info, event, metadata)
    }

    public func notice(_ event: String, _ metadata: LogMetadata = [:]) {
        log(.notice, event, metadata)
    }

    public func warning(_ event: String, _ metadata: LogMetadata = [:]) {
        log(.warning, event, metadata)
    }

    public func error(_ event: String, _ metadata: LogMetadata = [:]) {
        log(.error, event, metadata)
    }
}

/// Severity of a log record, in syslog's order.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case debug, info, notice, warning, error

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        }
    }

    /// Parses a level name as written in the configuration file (`debug` … `error`).
    public init?(name: String) {
        guard let level = LogLevel.allCases.first(where: { $0.description == name }) else {
            return nil
        }
        self = level
    }
}

/// `key=value` pairs of a log record, in the order they were written.
public struct LogMetadata: Sendable, ExpressibleByDictionaryLiteral, Equatable {
    public var pairs: [(key: String, value: String)]

    public init(dictionaryLiteral elements: (String, String)...) {
        pairs = elements.map { (key: $0.0, value: $0.1) }
    }

    public init(_ pairs: [(key: String, value: String)]) {
        self.pairs = pairs
    }

    public mutating func append(_ key: String, _ value: String) {
        pairs.append((key: key, value: value))
    }

    public subscript(key: String) -> String? {
        pairs.first(where: { $0.key == key })?.value
    }

    public static func == (lhs: LogMetadata, rhs: LogMetadata) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.key == $1.key && $0.value == $1.value }
    }
}
