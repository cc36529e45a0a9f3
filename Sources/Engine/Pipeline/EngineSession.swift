import Logging
import Mail
import PluginAPI

/// The engine's state for one SMTP connection, driven one stage at a time in SMTP order.
///
/// Not thread-safe: one caller at a time, as libmilter calls one connection's callbacks.
/// Connection results (connect, HELO) apply to every message of the connection; message
/// state resets at end of message and on abort.
public final class EngineSession {
    let engine: Engine
    /// The connection facts; the caller updates them as macros arrive (TLS after STARTTLS).
    public var connection: ConnectionInfo
    /// False when the MTA did not grant quarantine in option negotiation. A message that
    /// policy would hold is then tempfailed, so it is neither delivered nor lost.
    public var canQuarantine = true
    var connectionResults = ResultCombiner()
    var message = MessageState()

    struct MessageState {
        var envelope = Envelope()
        var headers: [HeaderField] = []
        var results = ResultCombiner()
        var failures: [PluginFailure] = []
        var failedPlugins: Set<String> = []
        var queueID: String?
    }

    init(engine: Engine, connection: ConnectionInfo) {
        self.engine = engine
        self.connection = connection
    }

    // MARK: - Stages

    public func connect() -> StageDecision {
        let results = run(.connect) { plugin, context in try plugin.connect(context) }
        connectionResults.add(results)
        return StageDecision(results)
    }

    public func helo(_ name: String) -> StageDecision {
        connection.helo = name
        let results = run(.helo) { plugin, context in try plugin.helo(context) }
        connectionResults.add(results)
        return StageDecision(results)
    }

    public func mailFrom(_ sender: EnvelopeAddress, queueID: String?) -> StageDecision {
        message = MessageState()
        message.envelope.sender = sender
        message.queueID = queueID
        let results = run(.mailFrom) { plugin, context in try plugin.mailFrom(context) }
        message.results.add(results)
        return StageDecision(results)
    }

    /// Runs the RCPT stage. A reject or tempfail refuses only this recipient. Local
    /// submissions are never refused here, because Postfix would keep such mail queued as
    /// a configuration error, so their verdict waits for end of message.
    public func rcptTo(_ recipient: EnvelopeAddress, queueID: String?) -> StageDecision {
        message.queueID = queueID ?? message.queueID
        let results = run(.rcptTo) { plugin, context in
            try plugin.rcptTo(context, recipient: recipient)
        }
        let decision = StageDecision(results)
        let refuses = decision.verdict == .reject || decision.verdict == .tempfail
        if refuses && !connection.isLocalSubmission {
            return decision
        }
        message.envelope.recipients.append(recipient)
        message.results.add(results)
        guard refuses else {
            return decision
        }
        logger.warning(
            "recipient verdict deferred to end of message for local submission",
            ["to": recipient.description, "verdict": decision.verdict.rawValue])
        return StageDecision(verdict: .continue, reply: nil)
    }

    public func endOfHeaders(_ headers: [HeaderField], queueID: String?) -> StageDecision {
        message.queueID = queueID ?? message.queueID
        message.headers = headers
        let results = run(.endOfHeaders) { plugin, context in try plugin.endOfHeaders(context) }
        message.results.add(results)
        return StageDecision(results)
    }

    /// Parses the message, runs the end-of-message stage and returns the decision for the
    /// message. Message state is reset afterwards.
    public func endOfMessage(body: MessageBody, queueID: String?) -> MessageOutcome {
        message.queueID = queueID ?? message.queueID
        defer { message = MessageState() }
        let parsed: ParsedMessage
        do {
            parsed = try MessageParser.parse(
                headers: visibleHeaders, body: body, limits: engine.configuration.mimeLimits)
        } catch {
            return finish(message: nil, internalFailure: "message could not be parsed: \(error)")
        }
        let results = run(.endOfMessage) { plugin, stageContext in
            try plugin.endOfMessage(
                MessageContext(stage: stageContext, message: parsed, body: body))
        }
        message.results.add(results)
        let context = MessageContext(
            stage: context(for: "engine", findings: message.results.findings), message: parsed,
            body: body)
        return finish(message: context, internalFailure: nil)
    }

    /// Forgets the current message, as on SMTP RSET or an aborted transaction.
    public func abortMessage() {
        message = MessageState()
    }

    // MARK: - Running plugins

    var logger: Logger {
        engine.logger.with(queueID: message.queueID)
    }

    /// Header fields as plugins see them: without incoming fields in tlsguard's own
    /// namespace, so a sender cannot forge a result that a later plugin trusts.
    var visibleHeaders: [HeaderField] {
        message.headers.filter { !HeaderEdits.isOwn($0.name) }
    }

    private func context(for plugin: String, findings: [Finding]) -> StageContext {
        StageContext(
            queueID: message.queueID, connection: connection, envelope: message.envelope,
            headers: visibleHeaders, findings: findings,
            logger: engine.logger.with(label: plugin).with(queueID: message.queueID))
    }

    /// Calls every plugin for one stage and combines the results. A reject ends the stage
    /// early because no later result can override it.
    private func run(
        _ stage: Stage,
        _ call: @escaping @Sendable (any RulePlugin, StageContext) throws -> StageResult
    ) -> ResultCombiner {
        var combined = ResultCombiner()
        for plugin in engine.plugins where !message.failedPlugins.contains(plugin.setup.name) {
            let findings = connectionResults.findings + message.results.findings
                + combined.findings
            let context = context(for: plugin.setup.name, findings: findings)
            let instance = plugin.instance
            let outcome = PluginInvoker.call(limit: plugin.setup.timeLimit) {
                try call(instance, context)
            }
            switch outcome {
            case .success(let result):
                combined.add(result)
            case .failure(let failure):
                combined.add(handle(failure, of: plugin.setup, at: stage))
            }
            if combined.verdict == .reject {
                break
            }
        }
        return combined
    }

    /// Logs a plugin failure once and returns the result its failure policy stands for.
    private func handle(_ failure: PluginInvoker.Failure, of setup: PluginSetup, at stage: Stage)
        -> StageResult
    {
        message.failedPlugins.insert(setup.name)
        message.failures.append(
            PluginFailure(
                plugin: setup.name, stage: stage, reason: failure.description,
                policy: setup.failurePolicy))
        logger.error(
            "plugin failed",
            [
                "plugin": setup.name, "stage": stage.rawValue,
                "action": setup.failurePolicy.rawValue, "reason": failure.description,
            ])
        let rule = setup.name + ".failure"
        switch setup.failurePolicy {
        case .tempfail:
            return .tempfail(engine.configuration.reply(DaemonKeys.errorReply), rule: rule)
        case .reject:
            return .reject(EngineSession.failureRejectReply, rule: rule)
        case .continue:
            return .continue
        }
    }

    static let failureRejectReply = SMTPReply.constant(
        554, "5.3.0", "Message could not be checked and was rejected by policy")
}

/// The reply to the MTA at a stage before end of message.
public struct StageDecision: Sendable, Hashable {
    /// continue, accept, discard, reject or tempfail. A quarantine found early is kept for
    /// end of message and shows here as continue.
    public var verdict: Verdict
    public var reply: SMTPReply?

    public init(verdict: Verdict, reply: SMTPReply?) {
        self.verdict = verdict
        self.reply = reply
    }

    init(_ results: ResultCombiner) {
        verdict = results.verdict == .quarantine ? .continue : results.verdict
        reply = results.reply
    }
}
