/// Where the bytes of a message body are: in memory, or in a spool file that a milter
/// session wrote once the body grew past its in-memory limit.
public enum MessageBody: Sendable, Hashable {
    case memory([UInt8])
    case file(path: String, size: Int)

    public var size: Int {
        switch self {
        case .memory(let bytes): bytes.count
        case .file(_, let size): size
        }
    }
}
