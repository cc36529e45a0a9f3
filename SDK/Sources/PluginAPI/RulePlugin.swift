/// A rule plugin: one method per SMTP stage, each returning a `StageResult`.
///
/// Every method has a default that returns `.continue`, so a plugin implements only the
/// stages it uses. The engine calls one transaction's stages in SMTP order, one at a time.
/// Calls for different connections run in parallel, so an instance must be safe to share
/// between threads. Keep per-message state in the returned results, not in the plugin.
///
/// A method that throws, or runs longer than the plugin's time budget, makes the engine
/// apply the plugin's failure policy (tempfail by default) and log one error line with
/// the queue id and the plugin's name.
public protocol RulePlugin: AnyObject, Sendable {
    /// After the client connected, with its address and host name.
    func connect(_ context: StageContext) throws -> StageResult
    /// After HELO or EHLO, and again after STARTTLS with the TLS facts.
    func helo(_ context: StageContext) throws -> StageResult
    /// After MAIL FROM; `context.envelope.sender` is set.
    func mailFrom(_ context: StageContext) throws -> StageResult
    /// After each RCPT TO. A reject or tempfail here refuses only this recipient.
    func rcptTo(_ context: StageContext, recipient: EnvelopeAddress) throws -> StageResult
    /// After the last header field; `context.headers` is complete.
    func endOfHeaders(_ context: StageContext) throws -> StageResult
    /// After the body, with the parsed message. Only here do actions take effect.
    func endOfMessage(_ context: MessageContext) throws -> StageResult
}

extension RulePlugin {
    public func connect(_ context: StageContext) throws -> StageResult { .continue }
    public func helo(_ context: StageContext) throws -> StageResult { .continue }
    public func mailFrom(_ context: StageContext) throws -> StageResult { .continue }
    public func rcptTo(_ context: StageContext, recipient: EnvelopeAddress) throws
        -> StageResult
    { .continue }
    public func endOfHeaders(_ context: StageContext) throws -> StageResult { .continue }
    public func endOfMessage(_ context: MessageContext) throws -> StageResult { .continue }
}

/// The SMTP stages at which the engine calls plugins.
public enum Stage: String, Sendable, Hashable, CaseIterable, Codable {
    case connect, helo
    case mailFrom = "mail_from"
    case rcptTo = "rcpt_to"
    case endOfHeaders = "end_of_headers"
    case endOfMessage = "end_of_message"
}
