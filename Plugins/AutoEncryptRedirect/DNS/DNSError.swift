/// A DNS lookup that did not produce an answer to use.
enum DNSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name does not exist (NXDOMAIN) or has no records of the type (NODATA).
    case noRecords(name: String, type: String)
    /// SERVFAIL, a timeout or no reachable server: the records are unknown, not absent.
    case temporaryFailure(name: String, type: String)
    case malformedResponse(String)
    case invalidResolver(String)

    var description: String {
        switch self {
        case .noRecords(let name, let type):
            "no \(type) records for \(name)"
        case .temporaryFailure(let name, let type):
            "\(type) lookup for \(name) failed temporarily; check that the resolver answers"
        case .malformedResponse(let detail):
            "malformed DNS response: \(detail)"
        case .invalidResolver(let text):
            "invalid resolver '\(text)'; use an IPv4 address with an optional port, "
                + "such as 127.0.0.1 or 127.0.0.1:5353"
        }
    }
}
