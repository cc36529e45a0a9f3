/// Errors raised by MilterKit. Each case carries the value that failed, and the
/// description states what failed and what to do about it.
public enum MilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A socket spec that is not `inet:PORT@HOST`, `inet6:PORT@HOST`, `unix:/path` or
    /// `local:/path`.
    case invalidSocketSpec(String)
    /// A configuration value outside its allowed range.
    case invalidConfiguration(key: String, value: String, allowed: String)
    /// A libmilter function returned MI_FAILURE.
    case libmilterCallFailed(function: String, detail: String)
    /// The handler asked for a change that the MTA did not grant in option negotiation.
    case actionNotNegotiated(action: String)
    /// A reply whose code class does not fit the disposition it goes with.
    case replyDoesNotMatchDisposition(reply: String, disposition: String)
    /// An invalid SMTP reply: code, enhanced status code or text.
    case invalidReply(String)
    /// An invalid header name for a header change.
    case invalidHeaderName(String)
    /// A header position below 1 for a change or delete, or below 0 for an insert.
    case invalidHeaderIndex(name: String, index: Int)
    /// The body spool file could not be created, written or read.
    case spoolFailed(path: String, operation: String, errno: Int32)
    /// The message exceeded the header count or header size limit.
    case headerLimitExceeded(limit: String, value: Int, maximum: Int)
    /// A thread could not be started.
    case threadStartFailed(errno: Int32)
    /// Another process accepts connections on the unix socket path.
    case socketInUse(path: String)
    /// The unix socket path cannot be used: it is not a socket, cannot be checked, or the
    /// new socket cannot be moved there.
    case socketFileUnusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSocketSpec(let spec):
            "invalid milter socket '\(spec)': "
                + (SocketSpec.problem(in: spec).map { $0 + "; " } ?? "")
                + "use inet:PORT@HOST, inet6:PORT@HOST, unix:/path or local:/path"
        case .invalidConfiguration(let key, let value, let allowed):
            "invalid value '\(value)' for \(key): expected \(allowed)"
        case .libmilterCallFailed(let function, let detail):
            "milter: \(function) failed: \(detail)"
        case .actionNotNegotiated(let action):
            "milter: the MTA did not allow '\(action)' in option negotiation; "
                + "allow it in the MTA or configure another action"
        case .replyDoesNotMatchDisposition(let reply, let disposition):
            "milter: reply '\(reply)' does not match disposition \(disposition): "
                + "use a 4xx reply with tempfail and a 5xx reply with reject"
        case .invalidReply(let detail):
            "milter: invalid SMTP reply: \(detail)"
        case .invalidHeaderName(let name):
            "milter: invalid header name '\(name)': use printable ASCII without ':' or spaces"
        case .invalidHeaderIndex(let name, let index):
            "milter: invalid position \(index) for header \(name): occurrences count from 1, "
                + "insert positions from 0"
        case .spoolFailed(let path, let operation, let errno):
            "milter: cannot \(operation) body spool file \(path): errno \(errno); "
                + "check that the spool directory exists and is writable"
        case .headerLimitExceeded(let limit, let value, let maximum):
            "milter: message header \(limit) \(value) exceeds the limit of \(maximum)"
        case .threadStartFailed(let errno):
            "milter: cannot start a thread: errno \(errno)"
        case .socketInUse(let path):
            "milter: another process is listening on unix socket \(path): stop that milter "
                + "first, or set milter_socket (or --socket) to another path"
        case .socketFileUnusable(let path, let reason):
            "milter: cannot use unix socket \(path): \(reason); check the path, or set "
                + "milter_socket (or --socket) to another path"
        }
    }
}
