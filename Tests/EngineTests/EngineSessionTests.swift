import Engine
import Logging
import Mail
import PluginAPI
import Testing

@Suite struct EngineSessionTests {
    let reject = SMTPReply.constant(550, "5.7.1", "Recipient refused")

    @Test func cleanMessageIsAccepted() throws {
        let harness = try EngineHarness([TestPlugins.fixed("quiet", at: .connect, .continue)])
        let (decisions, outcome) = harness.run()
        #expect(decisions.map(\.verdict) == [.continue])
        #expect(outcome.verdict == .accept)
        #expect(outcome.reply == nil)
        #expect(outcome.recipients.map(\.action) == [.deliver])
    }

    @Test func incomingOwnHeadersAreDeleted() throws {
        let harness = try EngineHarness([TestPlugins.fixed("quiet", at: .connect, .continue)])
        let outcome = harness.run().outcome
        #expect(outcome.edits.contains(.deleteHeader(name: "X-TLSGuard-PHI", occurrence: 1)))
    }

    @Test func ownHeadersDeletedFromLastToFirst() {
        let headers = [
            HeaderField(name: "X-TLSGuard-TLS", value: "a"),
            HeaderField(name: "Subject", value: "s"),
            HeaderField(name: "x-tlsguard-tls", value: "b"),
        ]
        let edits = EngineSessionTests.deletions(headers)
        #expect(edits == [
            .deleteHeader(name: "x-tlsguard-tls", occurrence: 2),
            .deleteHeader(name: "X-TLSGuard-TLS", occurrence: 1),
        ])
    }

    static func deletions(_ headers: [HeaderField]) -> [MessageEdit] {
        var message: [UInt8] = []
        for field in headers {
            message += Array((field.name + ": ").utf8) + field.rawValue + [13, 10]
        }
        message += Array("\r\nbody\r\n".utf8)
        guard let harness = try? EngineHarness([TestPlugins.fixed("q", at: .connect, .continue)])
        else {
            return []
        }
        return harness.run(message: message).outcome.edits.filter {
            if case .deleteHeader = $0 { return true }
            return false
        }
    }

    @Test func rejectAtRcptRefusesOnlyThatRecipient() throws {
        let harness = try EngineHarness([
            TestPlugins.fixed("refuser", at: .rcptTo, .reject(reject, rule: "refuser.rcpt"))
        ])
        let (decisions, outcome) = harness.run(recipients: ["<a@example.org>"])
        #expect(decisions.first?.verdict == .reject)
        #expect(decisions.first?.reply == reject)
        #expect(outcome.recipients.isEmpty)
    }

    @Test func localSubmissionNeverRefusedAtRcpt() throws {
        let harness = try EngineHarness([
            TestPlugins.fixed("refuser", at: .rcptTo, .reject(reject, rule: "refuser.rcpt"))
        ])
        let local = ConnectionInfo(clientAddress: .none, isLocalSubmission: true)
        let (decisions, outcome) = harness.run(connection: local)
        #expect(decisions.first?.verdict == .continue)
        #expect(outcome.verdict == .reject)
        #expect(outcome.reply == reject)
        #expect(harness.logs.lines.contains { $0.contains("deferred to end of message") })
    }

    @Test func throwingPluginTempfailsAndLogsOnce() throws {
        let harness = try EngineHarness([TestPlugins.throwing("broken", at: .endOfMessage)])
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .tempfail)
        #expect(outcome.reply?.code == 451)
        #expect(outcome.reply?.enhancedCode.description == "4.3.0")
        #expect(outcome.failures.map(\.plugin) == ["broken"])
        let errors = harness.logs.records.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.queueID == "4ABCD123")
        #expect(errors.first?.metadata["plugin"] == "broken")
    }

    @Test func failurePolicyContinueIgnoresPlugin() throws {
        let harness = try EngineHarness(
            [TestPlugins.throwing("broken", at: .endOfMessage)],
            config: "broken_on_error = continue\n")
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .accept)
        #expect(outcome.failures.first?.policy == .continue)
    }

    @Test func failurePolicyRejectRejects() throws {
        let harness = try EngineHarness(
            [TestPlugins.throwing("broken", at: .rcptTo)], config: "broken_on_error = reject\n")
        let (decisions, _) = harness.run()
        #expect(decisions.first?.verdict == .reject)
        #expect(decisions.first?.reply?.code == 554)
    }

    @Test func pluginPastTimeLimitTempfails() throws {
        let harness = try EngineHarness([
            TestPlugins.slow("sleepy", delay: .seconds(2), limit: .milliseconds(100))
        ])
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .tempfail)
        #expect(outcome.failures.first?.reason.contains("time limit") == true)
        #expect(!outcome.rules.contains("slow.done"))
    }

    @Test func laterPluginSeesEarlierFindings() throws {
        let box = LockedBox<[Finding]>([])
        let finding = Finding(plugin: "finder", rule: "finder.ssn", kind: "SSN", count: 2)
        let harness = try EngineHarness([
            TestPlugins.fixed("finder", at: .endOfHeaders, StageResult(findings: [finding])),
            TestPlugins.observer("observer", box: box),
        ])
        _ = harness.run()
        #expect(box.value == [finding])
    }

    @Test func subjectTagChangesFirstAndDeletesDuplicates() throws {
        let message = Array(
            "Subject: one\r\nFrom: a@example.com\r\nSubject: two\r\n\r\nbody\r\n".utf8)
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "tagger", at: .endOfMessage, StageResult(actions: [.tagSubject(tag: "[PHI]")]))
        ])
        let edits = harness.run(message: message).outcome.edits
        #expect(edits == [
            .deleteHeader(name: "Subject", occurrence: 2),
            .changeHeader(name: "Subject", occurrence: 1, value: "[PHI] one"),
        ])
    }

    @Test func subjectTagAddsMissingSubject() throws {
        let message = Array("From: a@example.com\r\n\r\nbody\r\n".utf8)
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "tagger", at: .endOfMessage, StageResult(actions: [.tagSubject(tag: "[PHI]")]))
        ])
        let edits = harness.run(message: message).outcome.edits
        #expect(edits == [.addHeader(name: "Subject", value: "[PHI]")])
    }

    @Test func headerValueCannotStartNewField() throws {
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "writer", at: .endOfMessage,
                StageResult(actions: [
                    .addHeader(name: "X-Result", value: "ok\r\nX-PHI-Verdict: clean\0")
                ]))
        ])
        let added = harness.run().outcome.headersAdded
        #expect(added.count == 1)
        #expect(added.first?.value == "ok  X-PHI-Verdict: clean ")
    }

    @Test func redirectReplacesRecipientsWithGateway() throws {
        let decision = RecipientDecision(
            recipient: "<bob@example.org>", action: .redirect(to: "portal@gw.example.net"),
            rule: "redirector.no_tls", reason: "no TLS")
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "redirector", at: .endOfMessage, StageResult(recipientDecisions: [decision]))
        ])
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .accept)
        #expect(outcome.edits.contains(.deleteRecipient(address: "<bob@example.org>")))
        #expect(outcome.edits.contains(.addRecipient(address: "<portal@gw.example.net>", esmtpArguments: nil)))
        #expect(outcome.headersAdded.contains { $0.name == "X-TLSGuard-Original-Recipients" })
    }

    @Test func holdForOneRecipientHoldsMessage() throws {
        let decision = RecipientDecision(
            recipient: "<a@example.org>", action: .hold, rule: "holder.rule", reason: "")
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "holder", at: .endOfMessage, StageResult(recipientDecisions: [decision]))
        ])
        let outcome = harness.run(recipients: ["<a@example.org>", "<b@example.org>"]).outcome
        #expect(outcome.verdict == .quarantine)
        #expect(outcome.recipients.map(\.action) == [.hold, .hold])
    }

    @Test func rejectOutcomeCarriesNoEdits() throws {
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "refuser", at: .endOfMessage,
                StageResult(
                    verdict: .reject, reply: reject,
                    actions: [.addHeader(name: "X-A", value: "1")]))
        ])
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .reject)
        #expect(outcome.edits.isEmpty)
    }

    @Test func summaryLineCarriesQueueIDAndEnvelope() throws {
        let harness = try EngineHarness([TestPlugins.fixed("quiet", at: .connect, .continue)])
        _ = harness.run()
        let summary = harness.logs.records.last { $0.level == .info }
        #expect(summary?.queueID == "4ABCD123")
        #expect(summary?.event == "accept")
        #expect(summary?.metadata["from"] == "<alice@example.com>")
        #expect(summary?.metadata["to"] == "<bob@example.org>")
    }
}

@Suite struct QuarantineCapabilityTests {
    @Test func holdWithoutQuarantineTempfails() throws {
        let harness = try EngineHarness([
            TestPlugins.fixed(
                "holder", at: .endOfMessage,
                StageResult(verdict: .quarantine, quarantineReason: "review"))
        ])
        let session = harness.engine.session(
            connection: ConnectionInfo(clientAddress: .ipv4("192.0.2.66", port: 1)))
        session.canQuarantine = false
        _ = session.connect()
        _ = session.mailFrom(EnvelopeAddress(raw: "<a@example.com>"), queueID: "Q1")
        _ = session.rcptTo(EnvelopeAddress(raw: "<b@example.org>"), queueID: "Q1")
        _ = session.endOfHeaders([HeaderField(name: "Subject", value: "x")], queueID: "Q1")
        let outcome = session.endOfMessage(body: .memory(Array("x\r\n".utf8)), queueID: "Q1")
        #expect(outcome.verdict == .tempfail)
        #expect(outcome.reply?.code == 451)
        #expect(harness.logs.lines.contains { $0.contains("did not grant quarantine") })
    }
}
