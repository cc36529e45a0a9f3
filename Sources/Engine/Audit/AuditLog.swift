import Glibc
import Synchronization

/// An append-only file of JSON lines, one per message, for auditors.
///
/// Each record goes out in one `write(2)` on a descriptor opened with O_APPEND, so lines
/// from parallel connections do not interleave. `write` reports failure so the engine can
/// apply `audit_on_failure`.
public final class AuditLog: Sendable {
    private let descriptor: Int32
    private let failures = Atomic<Int>(0)
    public let path: String

    /// Opens `path` for appending, creating it (mode 0640) and its directory (mode 0750)
    /// when missing.
    public init(path: String) throws(AuditLogError) {
        AuditLog.createParentDirectory(of: path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw AuditLogError(
                path: path,
                reason: String(cString: strerror(errno))
                    + "; create the directory or choose another path")
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    public var failedWrites: Int {
        failures.load(ordering: .relaxed)
    }

    /// Appends one record and a newline; returns false when the write failed or was short.
    @discardableResult
    public func write(_ record: String) -> Bool {
        var bytes = Array(record.utf8)
        bytes.append(0x0A)
        let written = bytes.withUnsafeBytes { buffer in
            Glibc.write(descriptor, buffer.baseAddress, buffer.count)
        }
        guard written == bytes.count else {
            failures.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    private static func createParentDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let directory = String(path[..<slash])
        // A relative path stays relative to the working directory, where open() looks.
        var partial = path.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            partial += "/" + component
            mkdir(partial, 0o750)
        }
    }
}

public struct AuditLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String {
        "cannot open \(path): \(reason)"
    }
}
