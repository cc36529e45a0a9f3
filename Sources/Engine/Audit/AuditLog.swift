import Glibc
import Synchronization

/// An append-only file of JSON lines, one per message, for auditors.
///
/// Each record goes out in one `write(2)` on a descriptor opened with O_APPEND, so lines
/// from parallel connections do not interleave. A failed write is counted and reported
/// through `failedWrites`; it does not stop mail.
// TODO: a failed audit write lets the message through; a policy that tempfails the
// message when its record cannot be written is not implemented.
public final class AuditLog: Sendable {
    private let descriptor: Int32
    private let failures = Atomic<Int>(0)
    public let path: String

    public init(path: String) throws(AuditLogError) {
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

    public func write(_ record: String) {
        var bytes = Array(record.utf8)
        bytes.append(0x0A)
        let written = bytes.withUnsafeBytes { buffer in
            Glibc.write(descriptor, buffer.baseAddress, buffer.count)
        }
        if written != bytes.count {
            failures.add(1, ordering: .relaxed)
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
