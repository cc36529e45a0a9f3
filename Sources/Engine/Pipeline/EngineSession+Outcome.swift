import Logging
import Mail
import PluginAPI

extension EngineSession {
    /// Combines the connection's and the message's results into the outcome, logs the
    /// summary line and writes the audit record.
    func finish(message parsed: MessageContext?, internalFailure: String?) -> MessageOutcome {
        var combined = ResultCombiner()
        combined.add(connectionResults)
        combined.add(message.results)

        var edits = HeaderEdits.removingOwnFields(from: message.headers)
        for action in combined.actions {
            edits +=
                HeaderEdits.edits(for: action, headers: visibleHeaders)
                ?? EngineSession.envelopeEdits(for: action)
        }

        var plan = RecipientPlanner.Plan(
            recipients: message.envelope.recipients.map {
                RecipientOutcome(recipient: $0.raw, action: .deliver, rule: "default", reason: "")
            })
        if let parsed, ![.reject, .tempfail, .discard].contains(combined.verdict) {
            plan = RecipientPlanner(
                sender: message.envelope.sender ?? EnvelopeAddress(raw: "<>"),
                recipients: message.envelope.recipients, decisions: combined.recipientDecisions,
                executor: engine.executor, message: parsed,
                sharedHeaderActions: EngineSession.headerActions(
                    combined.actions, removing: message.headers),
                dryRun: engine.dryRun
            ).plan()
        }
        edits += plan.edits
        combined.merge(verdict: plan.verdict, reply: plan.reply)
        if let failure = plan.failure ?? internalFailure {
            logger.error("message tempfailed", ["reason": failure])
            combined.merge(
                verdict: .tempfail, reply: engine.configuration.reply(DaemonKeys.errorReply))
        }

        var outcome = MessageOutcome(
            verdict: combined.verdict == .continue ? .accept : combined.verdict,
            reply: combined.reply,
            quarantineReason: combined.quarantineReason ?? plan.quarantineReason,
            edits: edits, recipients: plan.recipients, findings: combined.findings,
            rules: combined.rules, report: combined.report, failures: message.failures)
        if outcome.verdict == .quarantine && !canQuarantine {
            logger.error(
                "message tempfailed",
                ["reason": "policy holds it, but the MTA did not grant quarantine"])
            outcome.verdict = .tempfail
            outcome.reply = engine.configuration.reply(DaemonKeys.errorReply)
        }
        if outcome.verdict == .tempfail || outcome.verdict == .reject {
            outcome.reply = outcome.reply ?? defaultReply(for: outcome.verdict)
        }
        if [.reject, .tempfail, .discard].contains(outcome.verdict) {
            outcome.edits = []
        }
        if !writeAudit(outcome) {
            outcome.verdict = .tempfail
            outcome.reply = engine.configuration.reply(DaemonKeys.errorReply)
            outcome.edits = []
        }
        logSummary(outcome)
        return outcome
    }

    /// Writes the audit record; returns false when it failed and policy says to tempfail.
    private func writeAudit(_ outcome: MessageOutcome) -> Bool {
        guard let auditLog = engine.auditLog else { return true }
        let record = AuditRecord.json(
            outcome: outcome, queueID: message.queueID, connection: connection,
            envelope: message.envelope)
        guard !auditLog.write(record) else { return true }
        let tempfail = engine.configuration.string(DaemonKeys.auditOnFailure) == "tempfail"
        logger.error(
            "audit record not written",
            ["path": auditLog.path, "action": tempfail ? "tempfail" : "continue"])
        return !tempfail || outcome.verdict == .tempfail || outcome.verdict == .reject
    }

    private func defaultReply(for verdict: Verdict) -> SMTPReply {
        verdict == .reject
            ? SMTPReply.constant(550, "5.7.1", "Message rejected by policy")
            : engine.configuration.reply(DaemonKeys.errorReply)
    }

    /// Returns the header actions that every copy of the message gets: deletion of incoming
    /// fields in tlsguard's namespace, then the plugins' header actions.
    static func headerActions(_ actions: [MessageAction], removing headers: [HeaderField])
        -> [MessageAction]
    {
        let removals: [MessageAction] = HeaderEdits.removingOwnFields(from: headers).compactMap {
            if case .deleteHeader(let name, let occurrence) = $0 {
                return .deleteHeader(name: name, occurrence: occurrence)
            }
            return nil
        }
        return removals
            + actions.filter { action in
                switch action {
                case .addHeader, .insertHeader, .changeHeader, .deleteHeader, .tagSubject: true
                default: false
                }
            }
    }

    static func envelopeEdits(for action: MessageAction) -> [MessageEdit] {
        switch action {
        case .addRecipient(let address, let arguments):
            [.addRecipient(address: address, esmtpArguments: arguments)]
        case .deleteRecipient(let address):
            [.deleteRecipient(address: address)]
        case .changeSender(let address, let arguments):
            [.changeSender(address: address, esmtpArguments: arguments)]
        case .replaceBody(let body):
            [.replaceBody(body)]
        default:
            []
        }
    }

    /// Writes the one info line per message: `QUEUEID: verdict from=<…> to=<…> …`.
    private func logSummary(_ outcome: MessageOutcome) {
        var metadata: LogMetadata = [
            "from": message.envelope.sender?.description ?? "<>",
            "to": message.envelope.recipients.map(\.description).joined(separator: ","),
        ]
        if !outcome.rules.isEmpty {
            metadata.append("rules", outcome.rules.joined(separator: ","))
        }
        let actions = outcome.recipients.filter { $0.action != .deliver }
        if !actions.isEmpty {
            metadata.append(
                "actions",
                actions.map {
                    EnvelopeAddress(raw: $0.recipient).description + ":" + $0.action.name
                }
                .joined(separator: ","))
        }
        if let reply = outcome.reply {
            metadata.append("status", "\(reply.code) \(reply.enhancedCode)")
        }
        logger.info(outcome.verdict.rawValue, metadata)
    }
}
