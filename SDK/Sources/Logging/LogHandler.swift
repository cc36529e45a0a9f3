#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

/// A destination for log records. Handlers are called from any thread.
public protocol LogHandler: Sendable {
    func write(_ record: LogRecord)
}

/// Writes records to standard error (file descriptor 2), one line each, with the level
/// first. Used in the foreground and under systemd, whose journal adds the time.
public struct StandardErrorLogHandler: LogHandler {
    public init() {}

    public func write(_ record: LogRecord) {
        let line = record.level.description + ": " + record.formattedLine + "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, base + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// Writes records to syslog with the mail facility, like Postfix and OpenDKIM.
public final class SyslogLogHandler: LogHandler {
    /// openlog keeps the pointer it is given, so the identity lives as long as the handler.
    /// It is written once in `init` and never read by Swift code again.
    nonisolated(unsafe) private let identity: UnsafeMutablePointer<CChar>

    public init(identity: String) {
        guard let copy = strdup(identity) else {
            preconditionFailure("strdup failed: out of memory at start-up")
        }
        self.identity = copy
        openlog(self.identity, LOG_PID | LOG_NDELAY, LOG_MAIL)
    }

    deinit {
        closelog()
        free(identity)
    }

    public func write(_ record: LogRecord) {
        let line = record.formattedLine
        line.withCString { text in
            withVaList([text]) { arguments in
                vsyslog(SyslogLogHandler.priority(of: record.level), "%s", arguments)
            }
        }
    }

    static func priority(of level: LogLevel) -> Int32 {
        switch level {
        case .debug: LOG_DEBUG
        case .info: LOG_INFO
        case .notice: LOG_NOTICE
        case .warning: LOG_WARNING
        case .error: LOG_ERR
        }
    }
}

/// Keeps records in memory so tests can assert on what was logged.
public final class MemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])

    public init() {}

    public func write(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    public var records: [LogRecord] {
        storage.withLock { $0 }
    }

    /// Each record as `level: QUEUEID: event key=value ...`.
    public var lines: [String] {
        records.map { $0.level.description + ": " + $0.formattedLine }
    }

    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }
}

/// Discards every record.
public struct NullLogHandler: LogHandler {
    public init() {}
    public func write(_ record: LogRecord) {}
}
