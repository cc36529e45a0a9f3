import Glibc

/// A socket descriptor that is closed exactly once, when the last reference goes.
///
/// `TCPConnection` keeps its socket in one of these, so that a connect that fails inside
/// the connection's initializer cannot close the descriptor a second time. A second
/// `close` is not harmless in a threaded process: by then another thread may have been
/// given the same number, and its file would be closed.
final class SocketDescriptor {
    let value: Int32

    /// Opens a TCP socket of `family` (`AF_INET` or `AF_INET6`). Returns nil with `errno`
    /// set when `socket(2)` fails.
    init?(family: Int32) {
        let opened = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard opened >= 0 else { return nil }
        value = opened
    }

    deinit {
        close(value)
    }
}
