/// The address the milter listens on, in libmilter's `smfi_setconn` syntax.
///
/// `inet:PORT@HOST` and `inet6:PORT@HOST` listen on TCP; `unix:/path` and `local:/path`
/// on a unix-domain socket. A unix socket is the better default on one host: on loopback
/// TCP the milter protocol's small writes meet Nagle's algorithm and delayed ACKs, which
/// costs tens of milliseconds per message.
public enum SocketSpec: Sendable, Hashable, CustomStringConvertible {
    case inet(port: Int, host: String)
    case inet6(port: Int, host: String)
    case unix(path: String)

    /// Parses a socket spec. `local:` is accepted as a synonym of `unix:` and stored as
    /// `unix`. A `HOST` is required for inet sockets so the milter never listens on every
    /// interface by accident.
    public init(parsing text: String) throws(MilterError) {
        guard SocketSpec.problem(in: text) == nil, let colon = text.firstIndex(of: ":") else {
            throw .invalidSocketSpec(text)
        }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        if scheme == "unix" || scheme == "local" {
            self = .unix(path: rest)
            return
        }
        let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let port = Int(parts[0]) ?? 0
        let host = String(parts[1])
        self = scheme == "inet" ? .inet(port: port, host: host) : .inet6(port: port, host: host)
    }

    /// The maximum length of a unix socket path in bytes. Linux's `sun_path` is 108 bytes long,
    /// including the terminating NUL.
    public static let maxUnixPathLength = 107

    /// Returns what is wrong with a socket spec, or nil when `init(parsing:)` accepts it.
    public static func problem(in text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else {
            return "no type before ':'"
        }
        let scheme = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "unix", "local":
            return unixPathProblem(rest, scheme: scheme)
        case "inet", "inet6":
            return inetProblem(rest)
        default:
            return "unknown type '\(scheme)'"
        }
    }

    private static func unixPathProblem(_ path: String, scheme: String) -> String? {
        if path.isEmpty {
            return "no path after '\(scheme):'"
        }
        if !path.hasPrefix("/") {
            return "the path '\(path)' is relative, and the milter needs an absolute path"
        }
        let length = path.utf8.count
        if length > maxUnixPathLength {
            return "the path is \(length) bytes long, over the limit of "
                + "\(maxUnixPathLength) bytes for a unix socket path"
        }
        return nil
    }

    private static func inetProblem(_ rest: String) -> String? {
        let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return "no '@HOST' after the port"
        }
        if parts[0].isEmpty {
            return "no port before '@'"
        }
        guard let port = Int(parts[0]) else {
            return "the port '\(parts[0])' is not a number"
        }
        guard (1...65535).contains(port) else {
            return "the port \(port) is outside 1 to 65535"
        }
        guard !parts[1].isEmpty else {
            return "no host after '@'"
        }
        return nil
    }

    /// The spec in libmilter syntax, as `smfi_setconn` takes it.
    public var description: String {
        switch self {
        case .inet(let port, let host): "inet:\(port)@\(host)"
        case .inet6(let port, let host): "inet6:\(port)@\(host)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// The socket file's path for a unix socket, nil for TCP.
    public var unixPath: String? {
        if case .unix(let path) = self { return path }
        return nil
    }
}
