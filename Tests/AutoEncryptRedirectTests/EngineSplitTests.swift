import Engine
import Foundation
import Logging
import Mail
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// Stands for the PHI plugin: marks every message whose subject starts with "PHI" as
/// sensitive.
final class SensitiveMarker: RulePlugin {
    static let descriptor = PluginDescriptor(
        name: "phi_detection", summary: "test stand-in", make: { _ in SensitiveMarker() })

    func endOfMessage(_ context: MessageContext) throws -> StageResult {
        let subject = context.headers.first { $0.hasName("Subject") }
        guard let subject, subject.rawValue.starts(with: Array("PHI".utf8)) else {
            return .continue
        }
        return StageResult(findings: [PluginFixtures.sensitive])
    }
}

/// The engine's recipient planner driving this plugin's decisions, S/MIME and copies,
/// with real recipient servers, DNS, MTA-STS and a real reinjection listener (smtp-sink).
@Suite(.enabled(if: OutboundServers.toolsAvailable, "needs postfix, smtp-sink, openssl, python3"))
struct EngineSplitTests {
    /// The address of the reinjection listeners. Each test uses its own port.
    static let address = TestNetwork.address(31)
    static let phiMessage = Array(
        """
        From: Clinic <sender@clinic.example>\r
        To: a@tls.example, b@notls.example, alice@smime.example\r
        Subject: PHI lab results\r
        TLS-Required: No\r
        Content-Type: text/plain; charset=us-ascii\r
        \r
        Patient lab values attached.\r

        """.utf8)

    func engine(reinjectPort: Int, dryRun: Bool = false) throws -> (Engine, MemoryLogHandler) {
        let servers = try OutboundServers.get()
        var settings = servers.pluginConfig
        settings["auto_encrypt_smime_certificates"] = servers.certificates + "/alice.pem"
        settings["auto_encrypt_tls_overrides"] = "smime.example=none"
        settings["auto_encrypt_reinject_address"] = "\(EngineSplitTests.address):\(reinjectPort)"
        settings["auto_encrypt_probe_budget"] = "20s"
        let text =
            "plugins = phi_detection, auto_encrypt_redirect\n"
            + settings.map { "\($0.key) = \($0.value)" }.joined(separator: "\n") + "\n"
        let loader = ConfigurationLoader(
            builtins: [SensitiveMarker.descriptor, AutoEncryptRedirectPlugin.descriptor])
        let configuration = try loader.load(file: try ConfigFile(path: "test.conf", text: text))
        let logs = MemoryLogHandler()
        let engine = try Engine(
            configuration: configuration,
            logger: Logger(label: "engine", handler: logs, minimumLevel: .debug), dryRun: dryRun)
        return (engine, logs)
    }

    func run(_ engine: Engine, message: [UInt8], recipients: [String]) -> MessageOutcome {
        let session = engine.session(
            connection: ConnectionInfo(clientAddress: .ipv4("192.0.2.66", port: 4000)))
        _ = session.connect()
        _ = session.helo("clinic.example")
        _ = session.mailFrom(EnvelopeAddress(raw: "<sender@clinic.example>"), queueID: nil)
        for recipient in recipients {
            _ = session.rcptTo(EnvelopeAddress(raw: recipient), queueID: "7QUEUE")
        }
        let split = HeaderBlock.split(message)
        _ = session.endOfHeaders(split.fields, queueID: "7QUEUE")
        return session.endOfMessage(
            body: .memory(Array(message[split.bodyOffset...])), queueID: "7QUEUE")
    }

    static let recipients = ["<a@tls.example>", "<b@notls.example>", "<alice@smime.example>"]

    @Test func mixedRecipientsAreSplitByPath() throws {
        let sink = try SMTPSink(address: EngineSplitTests.address, port: 2611)
        defer { sink.stop() }
        let (engine, _) = try engine(reinjectPort: 2611)
        let outcome = run(
            engine, message: EngineSplitTests.phiMessage, recipients: EngineSplitTests.recipients)

        #expect(outcome.verdict == .accept)
        #expect(
            outcome.recipients.map(\.action) == [
                .deliverWithEnforcedTLS(level: .verify),
                .redirect(to: "secure@gateway.example.net"),
                .encrypt,
            ])
        #expect(outcome.recipients.map(\.copy) == [nil, 1, 2])
        #expect(outcome.edits.contains(.addHeader(name: "X-TLSGuard-Route", value: "verify")))
        #expect(outcome.edits.contains(.deleteRecipient(address: "<b@notls.example>")))
        #expect(outcome.edits.contains(.deleteRecipient(address: "<alice@smime.example>")))
        #expect(!outcome.edits.contains(.deleteRecipient(address: "<a@tls.example>")))
        #expect(outcome.edits.contains(.deleteHeader(name: "TLS-Required", occurrence: 1)))

        let copies = sink.waitForMessages(2)
        #expect(copies.count == 2)
        let gatewayCopy = try #require(copies.first { $0.contains("secure@gateway.example.net") })
        #expect(gatewayCopy.contains("X-TLSGuard-Original-Recipients: <b@notls.example>"))
        #expect(!gatewayCopy.contains("X-Rcpt-Args: <b@notls.example>"))
        #expect(!gatewayCopy.contains("TLS-Required"))
        let encryptedCopy = try #require(
            copies.first { $0.contains("X-Rcpt-Args: <alice@smime.example>") })
        #expect(encryptedCopy.contains("application/pkcs7-mime"))
        #expect(!encryptedCopy.contains("Patient lab values"))
        #expect(!encryptedCopy.contains("TLS-Required"))
        try expectDecrypts(encryptedCopy, to: "Patient lab values attached.")
    }

    /// Strips smtp-sink's envelope lines and decrypts with alice's key.
    func expectDecrypts(_ dump: String, to text: String) throws {
        let servers = try OutboundServers.get()
        let message = dump.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.hasPrefix("X-") && ($0.contains("-Args:") || $0.contains("Client-")) }
            .joined(separator: "\n")
        let path = try TestProcess.temporaryDirectory("copy") + "/copy.eml"
        try message.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try TestProcess.run([
            "openssl", "cms", "-decrypt", "-in", path, "-recip",
            servers.certificates + "/alice.pem",
            "-inkey", servers.certificates + "/alice.key",
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(text))
    }

    @Test func stoppedListenerTempfailsWithoutLoss() throws {
        let (engine, logs) = try engine(reinjectPort: 2612)
        let outcome = run(
            engine, message: EngineSplitTests.phiMessage, recipients: EngineSplitTests.recipients)
        #expect(outcome.verdict == .tempfail)
        #expect(outcome.reply?.code == 451)
        #expect(outcome.edits.isEmpty)
        #expect(logs.lines.contains { $0.contains("message tempfailed") })
    }

    @Test func dryRunPlansCopiesWithoutSending() throws {
        let sink = try SMTPSink(address: EngineSplitTests.address, port: 2613)
        defer { sink.stop() }
        let (engine, _) = try engine(reinjectPort: 2613, dryRun: true)
        let outcome = run(
            engine, message: EngineSplitTests.phiMessage, recipients: EngineSplitTests.recipients)
        #expect(outcome.verdict == .accept)
        #expect(outcome.recipients.map(\.copy) == [nil, 1, 2])
        usleepMilliseconds(300)
        #expect(sink.messages().isEmpty)
    }

    @Test func nonSensitiveMessageGoesOutNormally() throws {
        let (engine, _) = try engine(reinjectPort: 2614)
        var message = EngineSplitTests.phiMessage
        message.replaceSubrange(0..<0, with: Array("X-Note: plain\r\n".utf8))
        let plain = String(decoding: message, as: UTF8.self).replacingOccurrences(
            of: "Subject: PHI lab results", with: "Subject: lunch")
        let outcome = run(engine, message: Array(plain.utf8), recipients: ["<b@notls.example>"])
        #expect(outcome.verdict == .accept)
        #expect(outcome.edits.isEmpty)
        #expect(outcome.recipients.map(\.action) == [.deliver])
    }

    @Test func singleNoTLSRecipientIsRedirectedInPlace() throws {
        let (engine, _) = try engine(reinjectPort: 2615)
        let outcome = run(
            engine, message: EngineSplitTests.phiMessage, recipients: ["<b@notls.example>"])
        #expect(outcome.verdict == .accept)
        #expect(outcome.edits.contains(.deleteRecipient(address: "<b@notls.example>")))
        #expect(
            outcome.edits.contains(
                .addRecipient(address: "<secure@gateway.example.net>", esmtpArguments: nil)))
        #expect(
            !outcome.edits.contains {
                if case .addHeader("X-TLSGuard-Route", _) = $0 { true } else { false }
            })
    }
}
