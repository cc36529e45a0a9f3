import CMilter

/// End of message: run the handler on a worker thread while the libmilter thread keeps
/// the MTA waiting with `smfi_progress`, then apply the result.
enum EndOfMessage {
    static func run(_ session: MilterSession, context: MilterContext) -> sfsistat {
        if let failure = session.deferredFailure {
            return FailClosed.tempfail(
                session, context: context, stage: failure.stage, error: failure.error)
        }
        if let error = session.bodyError {
            return FailClosed.tempfail(session, context: context, stage: "body", error: error)
        }

        let handler = session.handler
        let outcome: Result<EndOfMessageResult, any Error>
        var progress = ProgressLimiter(session: session, context: context)
        do {
            outcome = try WorkerThread.run(
                interval: session.configuration.progressInterval, tick: { progress.tick() }
            ) {
                Result { try handler.endOfMessage(session) }
            }
        } catch {
            return FailClosed.tempfail(
                session, context: context, stage: "end_of_message", error: error)
        }

        do {
            let result = try outcome.get()
            try ModificationApplier(context: context, negotiated: session.negotiated).apply(result)
            session.logger.debug(
                "end of message",
                [
                    "disposition": result.disposition.name,
                    "changes": "\(result.modifications.count)",
                ])
            return StatusCode.of(result.disposition)
        } catch {
            return FailClosed.tempfail(
                session, context: context, stage: "end_of_message", error: error)
        }
    }
}

/// Sends `smfi_progress` while a handler runs, for at most `maxProgressDuration`.
///
/// After that it stops, so that a handler that never returns cannot keep the SMTP session
/// waiting forever: the MTA's own timeout (Postfix's `milter_content_timeout`) then ends
/// the wait with its `milter_default_action`.
struct ProgressLimiter {
    let session: MilterSession
    let context: MilterContext
    private let started = ContinuousClock.now
    private var warned = false

    init(session: MilterSession, context: MilterContext) {
        self.session = session
        self.context = context
    }

    mutating func tick() {
        guard ContinuousClock.now - started < session.configuration.maxProgressDuration else {
            if !warned {
                warned = true
                session.logger.warning(
                    "progress stopped",
                    [
                        "stage": "end_of_message",
                        "reason": "handler still running after "
                            + "\(session.configuration.maxProgressDuration)",
                    ])
            }
            return
        }
        context.progress()
    }
}

/// The single path by which a failure becomes a temporary rejection.
enum FailClosed {
    /// Logs one error line with the queue id, sets the configured tempfail reply and
    /// returns `SMFIS_TEMPFAIL`.
    static func tempfail(
        _ session: MilterSession, context: MilterContext, stage: String, error: any Error
    ) -> sfsistat {
        let reply = session.configuration.tempfailReply
        session.logger.error(
            "tempfail",
            ["stage": stage, "status": reply.code.description, "reason": String(describing: error)])
        do {
            try context.setReply(reply)
        } catch {
            session.logger.error("reply failed", ["reason": error.description])
        }
        return SMFIS_TEMPFAIL
    }
}

/// The libmilter status of a response.
enum StatusCode {
    static func of(_ response: MilterResponse) -> sfsistat {
        switch response {
        case .continue: SMFIS_CONTINUE
        case .accept: SMFIS_ACCEPT
        case .reject: SMFIS_REJECT
        case .tempfail: SMFIS_TEMPFAIL
        case .discard: SMFIS_DISCARD
        }
    }
}
