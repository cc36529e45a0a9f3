import Engine
import Logging
import Mail
import PluginAPI

/// Builds an engine from test plugins and runs one message through every stage.
struct EngineHarness {
    let engine: Engine
    let logs: MemoryLogHandler

    init(_ descriptors: [PluginDescriptor], config: String = "", dryRun: Bool = false) throws {
        var loader = ConfigurationLoader(builtins: descriptors)
        loader.loadLibrary = { path throws(PluginLoadError) in
            throw .fileNotFound(path: path)
        }
        let names = descriptors.map(\.name).joined(separator: ", ")
        let defaults = "plugins = \(names)\naudit_log =\n"
        let file = try ConfigFile(path: "test.conf", text: defaults + config)
        let configuration = try loader.load(file: file)
        logs = MemoryLogHandler()
        engine = try Engine(
            configuration: configuration,
            logger: Logger(label: "engine", handler: logs, minimumLevel: .debug), dryRun: dryRun)
    }

    static let message: [UInt8] = Array(
        """
        From: Alice <alice@example.com>\r
        To: Bob <bob@example.org>\r
        Subject: Lab results\r
        X-TLSGuard-PHI: no\r
        \r
        Hello Bob.\r

        """.utf8)

    /// Runs connect, HELO, MAIL, RCPT for each recipient, end of headers and end of
    /// message; returns the RCPT decisions and the outcome.
    func run(
        message: [UInt8] = EngineHarness.message,
        recipients: [String] = ["<bob@example.org>"],
        connection: ConnectionInfo = ConnectionInfo(
            clientHostname: "mail.example.com", clientAddress: .ipv4("192.0.2.66", port: 4000))
    ) -> (rcpt: [StageDecision], outcome: MessageOutcome) {
        let session = engine.session(connection: connection)
        _ = session.connect()
        _ = session.helo("mail.example.com")
        _ = session.mailFrom(EnvelopeAddress(raw: "<alice@example.com>"), queueID: nil)
        let decisions = recipients.map {
            session.rcptTo(EnvelopeAddress(raw: $0), queueID: "4ABCD123")
        }
        let split = HeaderBlock.split(message)
        _ = session.endOfHeaders(split.fields, queueID: "4ABCD123")
        let outcome = session.endOfMessage(
            body: .memory(Array(message[split.bodyOffset...])), queueID: "4ABCD123")
        return (decisions, outcome)
    }
}
