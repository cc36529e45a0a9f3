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
        guard let colon = text.firstIndex(of: ":") else {
            throw .invalidSocketSpec(text)
        }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "unix", "local":
            guard rest.hasPrefix("/"), rest.utf8.count < 108 else {
                throw .invalidSocketSpec(text)
            }
            self = .unix(path: rest)
        case "inet", "inet6":
            let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let port = Int(parts[0]), (1...65535).contains(port),
                !parts[1].isEmpty
            else {
                throw .invalidSocketSpec(text)
            }
            let host = String(parts[1])
            self = scheme == "inet" ? .inet(port: port, host: host) : .inet6(port: port, host: host)
        default:
            throw .invalidSocketSpec(text)
        }
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
