import Glibc
import Logging
import Mail
import PluginAPI

/// Runs one rule plugin through the SMTP stages on a message, without an MTA or the
/// daemon, so a plugin author can assert on what it returns.
///
/// ```swift
/// var harness = try PluginHarness(MyPlugin.descriptor, config: ["my_tag": "[X]"])
/// harness.sender = "<alice@example.com>"
/// harness.recipients = ["<bob@example.org>"]
/// harness.tls = TLSFacts(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", cipherBits: 256)
/// let run = try harness.run(messageFile: "Tests/Fixtures/hello.eml")
/// #expect(run.verdict == .continue)
/// #expect(run.actions.contains(.tagSubject(tag: "[X]")))
/// ```
///
/// Stages are called directly, without the daemon's time limits and failure policies,
/// and each stage sees the findings of the plugin's own earlier stages plus
/// `priorFindings`, which stand for plugins that run before it.
public struct PluginHarness {
    public let plugin: any RulePlugin
    public let descriptor: PluginDescriptor
    public var connection = ConnectionInfo(
        clientHostname: "mail.example.com", clientAddress: .ipv4("192.0.2.66", port: 40000),
        helo: "mail.example.com")
    public var sender = EnvelopeAddress(raw: "<sender@example.com>")
    public var recipients = [EnvelopeAddress(raw: "<recipient@example.org>")]
    public var queueID = "TESTQUEUE1"
    public var priorFindings: [Finding] = []
    public let logs = MemoryLogHandler()

    /// Creates the plugin from its descriptor, with `config` written as in the file over
    /// the declared defaults.
    public init(_ descriptor: PluginDescriptor, config: [String: String] = [:]) throws {
        self.descriptor = descriptor
        let configuration = try PluginConfiguration(descriptor: descriptor, overrides: config)
        self.plugin = try descriptor.make(configuration)
    }

    /// The TLS facts of the simulated connection; nil means no STARTTLS.
    public var tls: TLSFacts? {
        get { connection.tls }
        set { connection.tls = newValue }
    }

    /// Runs every stage on the message in the file at `path`.
    public func run(messageFile path: String) throws -> PluginRun {
        try run(message: PluginHarness.readFile(path))
    }

    /// Runs every stage on a whole message (header and body).
    public func run(message bytes: [UInt8]) throws -> PluginRun {
        let parsed = MessageParser.parse(message: bytes)
        let split = HeaderBlock.split(bytes)
        let body = MessageBody.memory(Array(bytes[split.bodyOffset...]))
        var run = PluginRun()
        var envelope = Envelope()

        run.record(.connect, try plugin.connect(context(envelope, [], run.findings)))
        run.record(.helo, try plugin.helo(context(envelope, [], run.findings)))
        envelope.sender = sender
        run.record(.mailFrom, try plugin.mailFrom(context(envelope, [], run.findings)))
        for recipient in recipients {
            let result = try plugin.rcptTo(
                context(envelope, [], run.findings), recipient: recipient)
            run.record(.rcptTo, result)
            if result.verdict != .reject && result.verdict != .tempfail {
                envelope.recipients.append(recipient)
            }
        }
        run.record(
            .endOfHeaders, try plugin.endOfHeaders(context(envelope, split.fields, run.findings)))
        let stage = context(envelope, split.fields, run.findings)
        run.record(
            .endOfMessage,
            try plugin.endOfMessage(MessageContext(stage: stage, message: parsed, body: body)))
        return run
    }

    private func context(_ envelope: Envelope, _ headers: [HeaderField], _ findings: [Finding])
        -> StageContext
    {
        StageContext(
            queueID: queueID, connection: connection, envelope: envelope, headers: headers,
            findings: priorFindings + findings,
            logger: Logger(label: descriptor.name, handler: logs, minimumLevel: .debug)
                .with(queueID: queueID))
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        do {
            return try FileContents.read(path)
        } catch {
            throw PluginHarnessError.unreadable(path: path, reason: error.reason)
        }
    }
}

/// What a plugin returned at each stage of one run.
public struct PluginRun {
    /// Every stage result in call order; RCPT appears once per recipient.
    public private(set) var results: [(stage: Stage, result: StageResult)] = []

    /// The highest-precedence verdict of all stages.
    public var verdict: Verdict {
        results.map(\.result.verdict).max() ?? .continue
    }

    /// The reply that came with `verdict`.
    public var reply: SMTPReply? {
        results.first { $0.result.verdict == verdict }?.result.reply
    }

    public var actions: [MessageAction] { results.flatMap(\.result.actions) }
    public var findings: [Finding] { results.flatMap(\.result.findings) }
    public var rules: [String] { results.flatMap(\.result.rules) }
    public var recipientDecisions: [RecipientDecision] {
        results.flatMap(\.result.recipientDecisions)
    }

    /// The report fields, later stages overriding earlier ones.
    public var report: [String: ReportValue] {
        var fields: [String: ReportValue] = [:]
        for (_, result) in results {
            for field in result.report { fields[field.key] = field.value }
        }
        return fields
    }

    /// The header fields the plugin adds, as `(name, value)`.
    public var headersAdded: [(name: String, value: String)] {
        actions.compactMap { action in
            switch action {
            case .addHeader(let name, let value), .insertHeader(_, let name, let value):
                (name, value)
            default:
                nil
            }
        }
    }

    public func result(at stage: Stage) -> StageResult? {
        results.last { $0.stage == stage }?.result
    }

    mutating func record(_ stage: Stage, _ result: StageResult) {
        results.append((stage, result))
    }
}

public enum PluginHarnessError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read message file \(path): \(reason)"
        }
    }
}
