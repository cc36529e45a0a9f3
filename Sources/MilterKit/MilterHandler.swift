import PluginAPI

/// The code that decides what happens to mail, called once per SMTP stage.
///
/// Every method has a default that continues, so a handler implements only the stages it
/// uses. MilterKit calls the methods of one connection in SMTP order, one at a time, with
/// that connection's session. Calls for different connections run in parallel, so a
/// handler must be safe to share between threads. Keep per-connection state in
/// `session.handlerState`.
///
/// A method that throws makes MilterKit reply with the configured tempfail reply
/// (`451 4.3.0` by default) and log one error line with the queue id. An error at RCPT TO
/// is held until end of message and then tempfails the whole message, because Postfix
/// treats a tempfail of the RCPT TO it simulates for local submission as a configuration
/// error and keeps the mail queued.
public protocol MilterHandler: Sendable {
    /// After the client connected; `clientHostname` and `clientAddress` are set.
    func connect(_ session: MilterSession) throws -> MilterResponse
    /// After HELO or EHLO, and again after STARTTLS, when the TLS macros are set.
    func helo(_ session: MilterSession) throws -> MilterResponse
    /// After MAIL FROM; `session.sender` is set.
    func envelopeSender(_ session: MilterSession) throws -> MilterResponse
    /// After each RCPT TO; `recipient` is already the last element of
    /// `session.recipients`. A returned reject or tempfail refuses only this recipient.
    func envelopeRecipient(_ session: MilterSession, recipient: EnvelopeAddress) throws
        -> MilterResponse
    /// After the last header field; `session.headers` is complete.
    func endOfHeaders(_ session: MilterSession) throws -> MilterResponse
    /// After the body, on a worker thread while MilterKit keeps the MTA waiting with
    /// `smfi_progress`. The only stage whose changes take effect.
    func endOfMessage(_ session: MilterSession) throws -> EndOfMessageResult
    /// When the MTA abandons the current message (RSET, a new MAIL FROM, a rejection).
    /// The message facts are reset after this returns.
    func abort(_ session: MilterSession)
    /// When the milter connection closes, possibly without a connect before it.
    func close(_ session: MilterSession)
}

extension MilterHandler {
    public func connect(_ session: MilterSession) throws -> MilterResponse { .continue }
    public func helo(_ session: MilterSession) throws -> MilterResponse { .continue }
    public func envelopeSender(_ session: MilterSession) throws -> MilterResponse { .continue }
    public func envelopeRecipient(_ session: MilterSession, recipient: EnvelopeAddress) throws
        -> MilterResponse
    { .continue }
    public func endOfHeaders(_ session: MilterSession) throws -> MilterResponse { .continue }
    public func endOfMessage(_ session: MilterSession) throws -> EndOfMessageResult { .accept }
    public func abort(_ session: MilterSession) {}
    public func close(_ session: MilterSession) {}
}
