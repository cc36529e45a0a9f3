import Engine
import Logging
import PluginAPI
import Testing

@Suite struct RecipientPlannerTests {
    let gateway = RecipientAction.redirect(to: "portal@gw.example.net")

    func harness(_ plugin: ExecutorPlugin, dryRun: Bool = false) throws -> EngineHarness {
        try EngineHarness(
            [PluginDescriptor(name: "executor", summary: "test", make: { _ in plugin })],
            dryRun: dryRun)
    }

    @Test func singleRedirectGroupRewritesOriginal() throws {
        let plugin = ExecutorPlugin(table: ["<bob@example.org>": gateway])
        let outcome = try harness(plugin).run().outcome
        #expect(outcome.verdict == .accept)
        #expect(outcome.edits.contains(.deleteRecipient(address: "<bob@example.org>")))
        #expect(outcome.edits.contains(.addRecipient(address: "<portal@gw.example.net>", esmtpArguments: nil)))
        #expect(plugin.copies.isEmpty)
    }

    @Test func encryptGroupUsesExecutorActions() throws {
        let plugin = ExecutorPlugin(table: ["<bob@example.org>": .encrypt])
        let outcome = try harness(plugin).run().outcome
        #expect(outcome.verdict == .accept)
        #expect(outcome.edits.contains(.replaceBody(.memory(Array("encrypted".utf8)))))
    }

    @Test func encryptWithoutExecutorTempfails() throws {
        let decision = RecipientDecision(
            recipient: "<bob@example.org>", action: .encrypt, rule: "x.encrypt", reason: "")
        let harness = try EngineHarness([
            TestPlugins.fixed("decider", at: .endOfMessage, StageResult(recipientDecisions: [decision]))
        ])
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .tempfail)
        #expect(outcome.reply?.code == 451)
    }

    @Test func mixedGroupsSplitIntoCopies() throws {
        let plugin = ExecutorPlugin(table: [
            "<b@example.org>": .deliverWithEnforcedTLS(level: .encrypt),
            "<c@example.org>": gateway,
        ])
        let outcome = try harness(plugin).run(
            recipients: ["<a@example.org>", "<b@example.org>", "<c@example.org>"]
        ).outcome
        #expect(outcome.verdict == .accept)
        #expect(outcome.recipients.map(\.copy) == [nil, 1, 2])
        let copies = plugin.copies
        #expect(copies.map(\.recipients) == [["<b@example.org>"], ["<portal@gw.example.net>"]])
        #expect(copies.first?.actions == [
            .deleteHeader(name: "X-TLSGuard-PHI", occurrence: 1),
            .addHeader(name: "X-TLSGuard-Route", value: "encrypt"),
        ])
        #expect(copies.last?.actions.contains {
            if case .addHeader(let name, _) = $0 { name == "X-TLSGuard-Original-Recipients" } else { false }
        } == true)
        #expect(outcome.edits.contains(.deleteRecipient(address: "<b@example.org>")))
        #expect(outcome.edits.contains(.deleteRecipient(address: "<c@example.org>")))
        #expect(!outcome.edits.contains(.deleteRecipient(address: "<a@example.org>")))
    }

    @Test func failedCopyTempfailsWholeMessage() throws {
        let plugin = ExecutorPlugin(
            table: ["<b@example.org>": .encrypt], failReinjection: true)
        let outcome = try harness(plugin).run(
            recipients: ["<a@example.org>", "<b@example.org>"]
        ).outcome
        #expect(outcome.verdict == .tempfail)
        #expect(outcome.edits.isEmpty)
    }

    @Test func dryRunPlansCopiesWithoutSending() throws {
        let plugin = ExecutorPlugin(table: ["<b@example.org>": .encrypt])
        let outcome = try harness(plugin, dryRun: true).run(
            recipients: ["<a@example.org>", "<b@example.org>"]
        ).outcome
        #expect(outcome.verdict == .accept)
        #expect(outcome.recipients.map(\.copy) == [nil, 1])
        #expect(plugin.copies.isEmpty)
    }

    @Test func anyRejectRejectsMessage() throws {
        let refuse = SMTPReply.constant(550, "5.7.1", "Use the secure portal")
        let plugin = ExecutorPlugin(table: ["<b@example.org>": .reject(refuse)])
        let outcome = try harness(plugin).run(
            recipients: ["<a@example.org>", "<b@example.org>"]
        ).outcome
        #expect(outcome.verdict == .reject)
        #expect(outcome.reply == refuse)
    }
}
