/// A failure on a TCP or TLS connection made by the probe, the MTA-STS fetch or the
/// reinjection client.
enum NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidAddress(String)
    case connectFailed(host: String, port: Int, reason: String)
    case timedOut(host: String, during: String)
    case closed(host: String, during: String)
    case ioFailed(host: String, reason: String)
    case tlsFailed(host: String, reason: String)
    /// The peer sent more than a limit allows, such as a reply line over 4096 bytes.
    case limitExceeded(host: String, what: String)
    /// The peer's SMTP or HTTP reply was not the one expected.
    case unexpectedReply(host: String, command: String, reply: String)

    var description: String {
        switch self {
        case .invalidAddress(let text):
            "invalid IP address '\(text)'"
        case .connectFailed(let host, let port, let reason):
            "connect to \(host) port \(port) failed: \(reason)"
        case .timedOut(let host, let during):
            "\(host) timed out during \(during)"
        case .closed(let host, let during):
            "\(host) closed the connection during \(during)"
        case .ioFailed(let host, let reason):
            "I/O with \(host) failed: \(reason)"
        case .tlsFailed(let host, let reason):
            "TLS with \(host) failed: \(reason)"
        case .limitExceeded(let host, let what):
            "\(host) sent \(what)"
        case .unexpectedReply(let host, let command, let reply):
            "\(host) replied to \(command) with '\(reply)'"
        }
    }
}
