import Engine
import Mail
import MilterKit
import PluginAPI

/// Connects MilterKit to the rule engine: each milter callback becomes the engine stage of
/// the same name, and the engine's decisions become milter responses and modifications.
///
/// The engine session of a connection lives in `MilterSession.handlerState` from connect
/// to close. Replay drives the same engine stages, so both see the same facts.
struct EngineMilterHandler: MilterHandler {
    let engine: Engine

    func connect(_ session: MilterSession) throws -> MilterResponse {
        let engineSession = engine.session(connection: session.connectionInfo)
        engineSession.canQuarantine = session.negotiated.actions.contains(.quarantine)
        session.handlerState = engineSession
        return MilterResponses.response(engineSession.connect())
    }

    func helo(_ session: MilterSession) throws -> MilterResponse {
        let engineSession = try state(session)
        engineSession.connection = connection(session, previous: engineSession.connection)
        return MilterResponses.response(engineSession.helo(session.helo ?? ""))
    }

    func envelopeSender(_ session: MilterSession) throws -> MilterResponse {
        let engineSession = try state(session)
        var connection = connection(session, previous: engineSession.connection)
        connection.isLocalSubmission = LocalSubmission.detect(session)
        engineSession.connection = connection
        let sender = session.sender ?? EnvelopeAddress(raw: "<>")
        return MilterResponses.response(engineSession.mailFrom(sender, queueID: session.queueID))
    }

    func envelopeRecipient(_ session: MilterSession, recipient: EnvelopeAddress) throws
        -> MilterResponse
    {
        let engineSession = try state(session)
        return MilterResponses.response(
            engineSession.rcptTo(recipient, queueID: session.queueID))
    }

    func endOfHeaders(_ session: MilterSession) throws -> MilterResponse {
        let engineSession = try state(session)
        return MilterResponses.response(
            engineSession.endOfHeaders(session.headers, queueID: session.queueID))
    }

    func endOfMessage(_ session: MilterSession) throws -> EndOfMessageResult {
        let engineSession = try state(session)
        let outcome = engineSession.endOfMessage(body: session.body, queueID: session.queueID)
        return MilterResponses.result(outcome)
    }

    func abort(_ session: MilterSession) {
        (session.handlerState as? EngineSession)?.abortMessage()
    }

    func close(_ session: MilterSession) {
        session.handlerState = nil
    }

    /// Returns the engine session of this connection. A missing one means the MTA skipped
    /// the connect stage, so the call throws and the message tempfails instead of passing
    /// unchecked.
    private func state(_ session: MilterSession) throws(HandlerStateError) -> EngineSession {
        guard let engineSession = session.handlerState as? EngineSession else {
            throw HandlerStateError()
        }
        return engineSession
    }

    /// Returns the connection facts as they are now, keeping the local-submission mark.
    private func connection(_ session: MilterSession, previous: ConnectionInfo)
        -> ConnectionInfo
    {
        var current = session.connectionInfo
        current.isLocalSubmission = previous.isLocalSubmission
        return current
    }
}

/// The MTA called a stage without connecting first.
struct HandlerStateError: Error, CustomStringConvertible {
    var description: String {
        "no engine session for this connection: the MTA skipped the connect stage"
    }
}

/// Recognition of mail that Postfix received from the `sendmail` command or pickup, not
/// from an SMTP client.
enum LocalSubmission {
    /// Postfix 3.7 presents such mail as a client `localhost` at 127.0.0.1 (or with no
    /// address) whose envelope sender has no angle brackets, which an SMTP client cannot
    /// send: smtpd passes MAIL FROM with its brackets.
    static func detect(_ session: MilterSession) -> Bool {
        let loopbackOrNone: Bool
        switch session.clientAddress {
        case .none, .unix: loopbackOrNone = true
        case .ipv4(let address, _): loopbackOrNone = address.hasPrefix("127.")
        case .ipv6(let address, _): loopbackOrNone = address == "::1"
        }
        guard loopbackOrNone, let sender = session.sender else { return false }
        let raw = sender.raw.trimmingCharacters(in: " \t")
        return !raw.hasPrefix("<")
    }
}

extension String {
    func trimmingCharacters(in characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
