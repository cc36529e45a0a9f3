import Logging
import Mail

/// The facts a plugin can read at a stage before end of message. They are values, so a
/// plugin changes the transaction only through the `StageResult` it returns.
public struct StageContext: Sendable {
    /// The MTA's queue id; nil before Postfix assigns one (Postfix does at the first
    /// accepted RCPT TO).
    public var queueID: String?
    public var connection: ConnectionInfo
    public var envelope: Envelope
    /// Header fields, in order; empty before end of headers.
    public var headers: [HeaderField]
    /// Findings of the plugins that ran before this one, in this and earlier stages.
    public var findings: [Finding]
    /// A logger whose records carry the queue id and the plugin's name.
    public var logger: Logger

    public init(
        queueID: String?, connection: ConnectionInfo, envelope: Envelope,
        headers: [HeaderField], findings: [Finding], logger: Logger
    ) {
        self.queueID = queueID
        self.connection = connection
        self.envelope = envelope
        self.headers = headers
        self.findings = findings
        self.logger = logger
    }
}

/// The facts a plugin can read at end of message: the stage context plus the parsed
/// message.
public struct MessageContext: Sendable {
    public var stage: StageContext
    public var message: ParsedMessage
    /// The body's location, for plugins that must read or re-encode it whole.
    public var body: MessageBody

    public init(stage: StageContext, message: ParsedMessage, body: MessageBody) {
        self.stage = stage
        self.message = message
        self.body = body
    }

    public var queueID: String? { stage.queueID }
    public var connection: ConnectionInfo { stage.connection }
    public var envelope: Envelope { stage.envelope }
    public var headers: [HeaderField] { stage.headers }
    public var findings: [Finding] { stage.findings }
    public var logger: Logger { stage.logger }
}
