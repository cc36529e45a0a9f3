import Logging
import Mail
import PluginAPI

/// The facts of one SMTP connection and of its current message, handed to every handler
/// call for that connection.
///
/// Connection facts (client, HELO, negotiated options, connect and HELO macros) last
/// until the MTA closes the milter connection. Message facts (queue id, envelope,
/// headers, body, macros from MAIL FROM on) are reset after end of message and after an
/// abort, which also removes the body's spool file. `handlerState` is the handler's own
/// slot and lasts as long as the connection.
///
/// Thread confinement: libmilter calls the callbacks of one connection on that
/// connection's thread, one at a time, and MilterKit touches a session only from there.
/// The one exception is end of message, which runs the handler on a worker thread while
/// the libmilter thread waits without touching the session. A session is therefore never
/// used by two threads at once, which is why it can be `@unchecked Sendable`. Handlers
/// must not keep a session and use it from another thread after the call returns.
public final class MilterSession: @unchecked Sendable {
    /// A number unique among the connections of this process, for logs.
    public let connectionID: UInt64
    /// The handler this connection started with; a handler swap affects only new
    /// connections.
    let handler: any MilterHandler
    let configuration: MilterConfiguration
    private let baseLogger: Logger

    // MARK: - Connection facts

    /// The client's host name as the MTA reported it at connect, `[192.0.2.1]` style when
    /// it has none; `localhost` for Postfix's local submissions.
    public internal(set) var clientHostname: String?
    public internal(set) var clientAddress: ClientAddress = .none
    /// The HELO or EHLO argument; the latest one when the client sent several, as it does
    /// after STARTTLS.
    public internal(set) var helo: String?
    /// The options that negotiation granted.
    public internal(set) var negotiated = NegotiatedOptions()
    /// Macros from the connect and HELO stages, by name without braces.
    public internal(set) var connectionMacros: [String: String] = [:]
    /// The number of messages that reached end of message or abort on this connection.
    public internal(set) var messageCount = 0
    /// The handler's per-connection object, kept until the connection closes.
    public var handlerState: AnyObject?
    /// The stages whose malformed macro packet was logged on this connection.
    var loggedUnpairedMacroStages: Set<MacroStage> = []

    // MARK: - Message facts

    /// Macros from MAIL FROM on, for the current message, by name without braces.
    public internal(set) var messageMacros: [String: String] = [:]
    /// The MAIL FROM address and ESMTP arguments exactly as the MTA passed them. Postfix
    /// passes `<address>` for SMTP mail, but for local submission (the `sendmail`
    /// command) it passes the address without angle brackets and `""` for a null sender,
    /// with client `localhost` at 127.0.0.1 and HELO `localhost`.
    public internal(set) var sender: EnvelopeAddress?
    /// Recipients in the order the MTA passed them, exactly as received, in the same
    /// form as `sender`.
    public internal(set) var recipients: [EnvelopeAddress] = []
    /// Header fields in order, as raw bytes with one leading space removed when present.
    public internal(set) var headers: [HeaderField] = []
    /// The sum of the sizes of the names and values in `headers`.
    public internal(set) var headerBytes = 0
    var headerLimitError: MilterError?
    var bodyError: MilterError?
    /// A handler error at RCPT TO, answered at end of message (see `SessionEvents`).
    var deferredFailure: (stage: String, error: any Error)?
    var bodyBuffer: BodyBuffer

    init(
        connectionID: UInt64, handler: any MilterHandler, configuration: MilterConfiguration,
        logger: Logger
    ) {
        self.connectionID = connectionID
        self.handler = handler
        self.configuration = configuration
        self.baseLogger = logger
        self.bodyBuffer = BodyBuffer(
            memoryLimit: configuration.bodyMemoryLimit,
            spoolDirectory: configuration.spoolDirectory)
    }

    // MARK: - Derived facts

    /// Every macro saved so far: the connection's, overridden by the message's.
    public var macros: [String: String] {
        connectionMacros.merging(messageMacros) { _, message in message }
    }

    /// The MTA's queue id, macro `i`; nil until the MTA assigns one (Postfix does at the
    /// first accepted RCPT TO).
    public var queueID: String? {
        guard let id = messageMacros["i"] ?? connectionMacros["i"], !id.isEmpty else {
            return nil
        }
        return id
    }

    /// TLS facts from the saved TLS macros, or nil when the client did not use TLS.
    public var tls: TLSFacts? {
        TLSFacts(macros: macros)
    }

    /// The body received so far: in memory, or a spool file past the memory limit.
    public var body: MessageBody {
        bodyBuffer.body
    }

    /// A logger whose records carry the queue id, or `NOQUEUE` before there is one.
    public var logger: Logger {
        baseLogger.with(queueID: queueID)
    }

    /// The connection facts in the engine's form.
    public var connectionInfo: ConnectionInfo {
        let all = macros
        var authentication: AuthenticationFacts?
        if let mechanism = all["auth_type"], !mechanism.isEmpty {
            authentication = AuthenticationFacts(mechanism: mechanism, user: all["auth_authen"])
        }
        return ConnectionInfo(
            clientHostname: clientHostname, clientAddress: clientAddress, helo: helo,
            tls: tls, authentication: authentication, daemonName: all["daemon_name"],
            mtaHostname: all["j"], macros: all)
    }

    /// The envelope of the current message in the engine's form.
    public var envelope: Envelope {
        Envelope(sender: sender, recipients: recipients)
    }

    // MARK: - Changes made by the callbacks

    /// Saves `value` under `name` (braces removed) in the store of `stage`.
    func saveMacro(_ name: String, value: String, stage: MacroStage) {
        let key = MilterSession.macroKey(name)
        if stage.isConnectionStage {
            connectionMacros[key] = value
        } else {
            messageMacros[key] = value
        }
    }

    /// Stores one header field, or records the limit it exceeds and stores no more.
    func appendHeader(name: String, value: [UInt8]) {
        guard headerLimitError == nil else { return }
        let size = name.utf8.count + value.count
        if headers.count >= configuration.maxHeaderCount {
            headerLimitError = .headerLimitExceeded(
                limit: "field count", value: headers.count + 1,
                maximum: configuration.maxHeaderCount)
        } else if headerBytes + size > configuration.maxHeaderBytes {
            headerLimitError = .headerLimitExceeded(
                limit: "size in bytes", value: headerBytes + size,
                maximum: configuration.maxHeaderBytes)
        } else {
            headers.append(HeaderField(name: name, rawValue: value))
            headerBytes += size
        }
    }

    /// Forgets the current message and removes its spool file. Connection facts stay.
    func resetMessage() {
        messageMacros = [:]
        sender = nil
        recipients = []
        headers = []
        headerBytes = 0
        headerLimitError = nil
        bodyError = nil
        deferredFailure = nil
        bodyBuffer.reset()
    }

    static func macroKey(_ name: String) -> String {
        guard name.hasPrefix("{"), name.hasSuffix("}"), name.count > 2 else { return name }
        return String(name.dropFirst().dropLast())
    }
}

/// The actions and protocol options that the MTA granted in option negotiation.
public struct NegotiatedOptions: Sendable, Hashable {
    /// The actions the MTA offered and MilterKit requested.
    public var actions: MilterActions = []
    /// True when header values arrive with their leading white space (SMFIP_HDR_LEADSPC)
    /// and values MilterKit writes must carry their own leading space.
    public var leadingSpace = false
    /// True when the MTA expects no reply to each header and body chunk.
    public var noReplyForHeaders = false
    public var noReplyForBody = false

    public init(
        actions: MilterActions = [], leadingSpace: Bool = false, noReplyForHeaders: Bool = false,
        noReplyForBody: Bool = false
    ) {
        self.actions = actions
        self.leadingSpace = leadingSpace
        self.noReplyForHeaders = noReplyForHeaders
        self.noReplyForBody = noReplyForBody
    }
}
