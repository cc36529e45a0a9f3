/// One log event before a handler formats it.
public struct LogRecord: Sendable, Equatable {
    public var level: LogLevel
    public var label: String
    public var queueID: String?
    public var event: String
    public var metadata: LogMetadata

    public init(
        level: LogLevel, label: String, queueID: String?, event: String, metadata: LogMetadata
    ) {
        self.level = level
        self.label = label
        self.queueID = queueID
        self.event = event
        self.metadata = metadata
    }

    /// The record as one line without the level: `QUEUEID: event key=value ...`.
    ///
    /// Control characters in values become `?`, so a peer cannot start a new log line.
    /// Values that contain a space are written in double quotes.
    public var formattedLine: String {
        var line = (queueID ?? "NOQUEUE") + ": " + LogRecord.sanitized(event)
        for pair in metadata.pairs {
            line += " " + pair.key + "=" + LogRecord.quotedIfNeeded(LogRecord.sanitized(pair.value))
        }
        return line
    }

    static func sanitized(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result.unicodeScalars.append("?")
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func quotedIfNeeded(_ value: String) -> String {
        guard value.contains(" ") || value.isEmpty == false && value.contains("\"") else {
            return value
        }
        return "\"" + value.replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}
