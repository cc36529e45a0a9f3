/// A handler's response to a stage before end of message, in libmilter's terms.
///
/// At RCPT TO, `reject` and `tempfail` refuse only that recipient; at every other stage
/// they refuse the whole message. A reply of nil lets the MTA use its own text.
public enum MilterResponse: Sendable, Hashable {
    /// Go on to the next stage (`SMFIS_CONTINUE`).
    case `continue`
    /// Accept the message without calling the handler again for it (`SMFIS_ACCEPT`).
    case accept
    /// Refuse with a 5xx reply (`SMFIS_REJECT`).
    case reject(MilterReply?)
    /// Refuse with a 4xx reply so the client retries (`SMFIS_TEMPFAIL`).
    case tempfail(MilterReply?)
    /// Accept and drop the message silently (`SMFIS_DISCARD`).
    case discard

    /// The response's name in logs: `continue`, `accept`, `reject`, `tempfail`, `discard`.
    public var name: String {
        switch self {
        case .continue: "continue"
        case .accept: "accept"
        case .reject: "reject"
        case .tempfail: "tempfail"
        case .discard: "discard"
        }
    }

    var reply: MilterReply? {
        switch self {
        case .reject(let reply), .tempfail(let reply): reply
        case .continue, .accept, .discard: nil
        }
    }
}

/// A handler's result at end of message: the changes to apply, in order, and the final
/// disposition. `.continue` and `.accept` both deliver the message.
public struct EndOfMessageResult: Sendable {
    public var modifications: [MilterModification]
    public var disposition: MilterResponse

    public init(modifications: [MilterModification] = [], disposition: MilterResponse = .accept) {
        self.modifications = modifications
        self.disposition = disposition
    }

    /// Delivers the message unchanged.
    public static var accept: EndOfMessageResult { EndOfMessageResult() }
}
