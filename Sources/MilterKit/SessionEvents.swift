import CMilter
import Logging
import PluginAPI

/// The logic behind each libmilter callback: save what arrived in the session, call the
/// session's handler, and turn its response into a libmilter status.
enum SessionEvents {
    /// Grants every action that MilterKit can apply and the MTA offers. Requests the
    /// leading space of header values, no replies to headers and body chunks, and the
    /// configured macros.
    static func negotiate(
        _ session: MilterSession, context: MilterContext, offeredActions: UInt,
        offeredSteps: UInt, requestedSteps: UInt
    ) -> (actions: UInt, steps: UInt) {
        let actions = MilterActions.all.intersection(MilterActions(rawValue: offeredActions))
        var steps = requestedSteps | UInt(SMFIP_NR_HDR) | UInt(SMFIP_NR_BODY)
        let leadingSpace = offeredSteps & UInt(SMFIP_HDR_LEADSPC) != 0
        if leadingSpace { steps |= UInt(SMFIP_HDR_LEADSPC) }
        session.negotiated = NegotiatedOptions(
            actions: actions, leadingSpace: leadingSpace, noReplyForHeaders: true,
            noReplyForBody: true)
        if actions.contains(.setMacroList) {
            requestMacros(session, context: context)
        }
        session.logger.debug(
            "negotiated", ["actions": actions.description, "leading_space": "\(leadingSpace)"])
        return (actions.rawValue, steps)
    }

    static func connect(
        _ session: MilterSession, context: MilterContext, hostname: String?,
        address: ClientAddress
    ) -> sfsistat {
        session.clientHostname = hostname
        session.clientAddress = address
        MacroCollector.save(session, context: context, stage: .connect)
        return respond(session, context: context, stage: "connect") {
            try session.handler.connect(session)
        }
    }

    static func helo(_ session: MilterSession, context: MilterContext, name: String?) -> sfsistat {
        session.helo = name
        MacroCollector.save(session, context: context, stage: .helo)
        return respond(session, context: context, stage: "helo") {
            try session.handler.helo(session)
        }
    }

    static func envelopeSender(
        _ session: MilterSession, context: MilterContext, arguments: [String]
    ) -> sfsistat {
        session.resetMessage()
        session.sender = EnvelopeAddress(
            raw: arguments.first ?? "<>", esmtpArguments: Array(arguments.dropFirst()))
        MacroCollector.save(session, context: context, stage: .envelopeSender)
        return respond(session, context: context, stage: "mail_from") {
            try session.handler.envelopeSender(session)
        }
    }

    static func envelopeRecipient(
        _ session: MilterSession, context: MilterContext, arguments: [String]
    ) -> sfsistat {
        let recipient = EnvelopeAddress(
            raw: arguments.first ?? "", esmtpArguments: Array(arguments.dropFirst()))
        session.recipients.append(recipient)
        MacroCollector.save(session, context: context, stage: .envelopeRecipient)
        do {
            let response = try session.handler.envelopeRecipient(session, recipient: recipient)
            return respond(session, context: context, stage: "rcpt_to") { response }
        } catch {
            // Postfix keeps locally submitted mail queued as a configuration error when a
            // milter tempfails the simulated RCPT TO, so a handler error here becomes a
            // tempfail of the whole message at end of message instead.
            if session.deferredFailure == nil {
                session.deferredFailure = ("rcpt_to", error)
            }
            return SMFIS_CONTINUE
        }
    }

    /// Stores the field with one leading space removed when the MTA sent it, which with
    /// SMFIP_HDR_LEADSPC is the space after the colon.
    static func header(_ session: MilterSession, name: String, value: UnsafeRawBufferPointer)
        -> sfsistat
    {
        var bytes = value[...]
        if session.negotiated.leadingSpace, bytes.first == 0x20 {
            bytes = bytes.dropFirst()
        }
        session.appendHeader(name: name, value: Array(bytes))
        return session.negotiated.noReplyForHeaders ? SMFIS_NOREPLY : SMFIS_CONTINUE
    }

    static func endOfHeaders(_ session: MilterSession, context: MilterContext) -> sfsistat {
        MacroCollector.save(session, context: context, stage: .endOfHeaders)
        if let error = session.headerLimitError {
            return rejectOverLimit(session, context: context, error: error)
        }
        return respond(session, context: context, stage: "end_of_headers") {
            try session.handler.endOfHeaders(session)
        }
    }

    /// Appends a chunk to the body. A spool failure is kept and reported at end of
    /// message, because with SMFIP_NR_BODY the MTA expects no reply here.
    static func body(_ session: MilterSession, chunk: UnsafeRawBufferPointer) -> sfsistat {
        if session.bodyError == nil {
            do {
                try session.bodyBuffer.append(chunk)
            } catch {
                session.bodyError = error
            }
        }
        return session.negotiated.noReplyForBody ? SMFIS_NOREPLY : SMFIS_CONTINUE
    }

    static func endOfMessage(_ session: MilterSession, context: MilterContext) -> sfsistat {
        MacroCollector.save(session, context: context, stage: .endOfMessage)
        let status = EndOfMessage.run(session, context: context)
        session.messageCount += 1
        session.resetMessage()
        return status
    }

    static func abort(_ session: MilterSession) -> sfsistat {
        if let failure = session.deferredFailure {
            session.logger.error(
                "handler failed",
                [
                    "stage": failure.stage, "status": "aborted",
                    "reason": String(describing: failure.error),
                ])
        }
        session.handler.abort(session)
        session.logger.debug("message aborted", [:])
        session.messageCount += 1
        session.resetMessage()
        return SMFIS_CONTINUE
    }

    static func close(_ session: MilterSession) {
        session.handler.close(session)
        session.resetMessage()
        MilterRuntime.current?.openSessions.subtract(1, ordering: .relaxed)
    }

    // MARK: - Shared steps

    private static func requestMacros(_ session: MilterSession, context: MilterContext) {
        for (stage, names) in session.configuration.macros where !names.isEmpty {
            do {
                try context.requestMacros(names, stage: stage)
            } catch {
                session.logger.warning("macro request failed", ["reason": error.description])
            }
        }
    }

    /// Calls a stage method and turns its response, or the error it throws, into a status.
    private static func respond(
        _ session: MilterSession, context: MilterContext, stage: String,
        _ call: () throws -> MilterResponse
    ) -> sfsistat {
        do {
            let response = try call()
            try ModificationApplier.checkReply(of: response)
            if let reply = response.reply {
                try context.setReply(reply)
            }
            return StatusCode.of(response)
        } catch {
            return FailClosed.tempfail(session, context: context, stage: stage, error: error)
        }
    }

    private static func rejectOverLimit(
        _ session: MilterSession, context: MilterContext, error: MilterError
    ) -> sfsistat {
        session.logger.warning(
            "reject",
            ["stage": "end_of_headers", "status": "header_limit", "reason": error.description])
        do {
            try context.setReply(
                MilterReply(code: 552, enhancedCode: "5.3.4", text: "Message header too large"))
        } catch {
            session.logger.error("reply failed", ["reason": error.description])
        }
        return SMFIS_REJECT
    }
}
