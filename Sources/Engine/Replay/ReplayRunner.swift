import Mail
import PluginAPI

/// The result of replaying one message.
public struct ReplayResult: Sendable {
    public var file: String
    public var index: Int?
    public var messageID: String?
    /// Names of the envelope and connection facts derived from the message.
    public var derived: [String]
    /// nil when the input could not be read.
    public var outcome: MessageOutcome?
    public var error: String?
}

/// Runs replayed messages through an engine with the same stage calls the milter makes.
public struct ReplayRunner: Sendable {
    public let engine: Engine
    public let options: ReplayOptions
    /// Reads the connection facts of the hop into the receiving MTA from a Received value.
    public let deriveHop: @Sendable ([UInt8]) -> DerivedHop?

    public init(
        engine: Engine, options: ReplayOptions,
        deriveHop: @escaping @Sendable ([UInt8]) -> DerivedHop?
    ) {
        self.engine = engine
        self.options = options
        self.deriveHop = deriveHop
    }

    public func run(_ message: ReplayMessage, queueID: String) -> ReplayResult {
        let limits = ReplayHeaderLimits(engine.configuration)
        let split = HeaderBlock.split(message.bytes, limits: limits.splitLimits)
        // Input without header fields is replayed as a message whose whole text is the
        // body, as Python's email package reads it, so its content is still scanned.
        let envelope = ReplayEnvelope(
            options: options, headers: split.fields, deriveHop: deriveHop)
        var result = ReplayResult(
            file: message.file, index: message.index,
            messageID: ReplayRunner.messageID(split.fields), derived: envelope.derived)
        result.outcome = outcome(
            envelope, body: Array(message.bytes[split.bodyOffset...]), limits: limits,
            queueID: queueID)
        return result
    }

    /// Drives one engine session through every stage, stopping where the milter would.
    private func outcome(
        _ envelope: ReplayEnvelope, body: [UInt8], limits: ReplayHeaderLimits, queueID: String
    ) -> MessageOutcome {
        let session = engine.session(connection: envelope.connection)
        for early in [session.connect(), session.helo(envelope.connection.helo ?? "")] {
            if let stopped = stopped(early, envelope: envelope, refused: []) { return stopped }
        }
        let mail = session.mailFrom(envelope.sender, queueID: queueID)
        if let stopped = stopped(mail, envelope: envelope, refused: []) { return stopped }

        var refused: [RecipientOutcome] = []
        for recipient in envelope.recipients {
            let decision = session.rcptTo(recipient, queueID: queueID)
            if decision.verdict == .reject || decision.verdict == .tempfail {
                refused.append(ReplayRunner.refusal(recipient, decision))
            } else if let stopped = stopped(decision, envelope: envelope, refused: refused) {
                return stopped
            }
        }
        guard refused.count < envelope.recipients.count || envelope.recipients.isEmpty else {
            return ReplayRunner.allRefused(refused)
        }

        if let rejection = limits.check(envelope.headers),
            let stopped = stopped(rejection, envelope: envelope, refused: refused)
        {
            return stopped
        }
        let headers = session.endOfHeaders(envelope.headers, queueID: queueID)
        if let stopped = stopped(headers, envelope: envelope, refused: refused) { return stopped }
        var outcome = session.endOfMessage(body: .memory(body), queueID: queueID)
        outcome.recipients += refused
        return outcome
    }

    /// Builds the outcome of a transaction that a stage before end of message ended.
    private func stopped(
        _ decision: StageDecision, envelope: ReplayEnvelope, refused: [RecipientOutcome]
    ) -> MessageOutcome? {
        guard decision.verdict.isFinal else { return nil }
        let action: RecipientAction =
            decision.verdict == .reject || decision.verdict == .tempfail
            ? .reject(decision.reply ?? SMTPReply.defaultTempfail) : .deliver
        let recipients = envelope.recipients.map {
            RecipientOutcome(recipient: $0.raw, action: action, rule: "stage", reason: "")
        }
        return MessageOutcome(
            verdict: decision.verdict, reply: decision.reply, quarantineReason: nil, edits: [],
            recipients: recipients + refused, findings: [], rules: [], report: [],
            failures: [])
    }

    private static func refusal(_ recipient: EnvelopeAddress, _ decision: StageDecision)
        -> RecipientOutcome
    {
        RecipientOutcome(
            recipient: recipient.raw,
            action: .reject(decision.reply ?? SMTPReply.defaultTempfail),
            rule: "rcpt_to", reason: decision.verdict.rawValue + " at RCPT TO")
    }

    /// Builds the outcome when every recipient was refused at RCPT TO, which ends the
    /// transaction at the MTA.
    private static func allRefused(_ refused: [RecipientOutcome]) -> MessageOutcome {
        var reply: SMTPReply?
        var verdict = Verdict.tempfail
        for outcome in refused {
            if case .reject(let refusal) = outcome.action {
                reply = reply ?? refusal
                if refusal.code >= 500 { verdict = .reject }
            }
        }
        return MessageOutcome(
            verdict: verdict, reply: reply, quarantineReason: nil, edits: [],
            recipients: refused, findings: [], rules: [], report: [], failures: [])
    }

    static func messageID(_ headers: [HeaderField]) -> String? {
        guard let field = headers.first(where: { $0.hasName("Message-ID") }) else {
            return nil
        }
        let value = String(decoding: field.rawValue, as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined()
        return value.isEmpty ? nil : value
    }
}
