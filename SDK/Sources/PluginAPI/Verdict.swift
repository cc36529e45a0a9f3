/// What happens to the message as a whole, in the words of libmilter and Postfix.
///
/// The cases are ordered by precedence: when plugins disagree, the engine keeps the
/// verdict with the highest precedence, reject > tempfail > quarantine > discard >
/// accept > continue.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// No decision; later stages and plugins run.
    case `continue`
    /// Deliver without running later stages or plugins.
    case accept
    /// Accept and drop silently.
    case discard
    /// Accept into Postfix's hold queue, for an administrator to release.
    case quarantine
    /// A 4xx reply; the client retries.
    case tempfail
    /// A 5xx reply.
    case reject

    public var precedence: Int {
        switch self {
        case .continue: 0
        case .accept: 1
        case .discard: 2
        case .quarantine: 3
        case .tempfail: 4
        case .reject: 5
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        lhs.precedence < rhs.precedence
    }

    /// True for verdicts that end the transaction.
    public var isFinal: Bool {
        self == .accept || self == .discard || self == .tempfail || self == .reject
    }
}
