import Logging
import PluginAPI
import PluginTestKit
import Testing

@testable import AutoEncryptRedirect

@Suite struct DecisionTests {
    static let gateway = "secure@gateway.example.net"

    @Test(arguments: [
        ("a@verified.example", RecipientAction.deliverWithEnforcedTLS(level: .verify)),
        ("a@dane.example", .deliverWithEnforcedTLS(level: .dane)),
        ("a@encrypted.example", .deliverWithEnforcedTLS(level: .encrypt)),
        ("a@may.example", .redirect(to: gateway)),
        ("a@none.example", .redirect(to: gateway)),
        ("a@unknown.example", .redirect(to: gateway)),
    ])
    func defaultPolicyPerAssurance(recipient: String, action: RecipientAction) throws {
        let run = try PluginFixtures.harness(recipients: [recipient])
            .run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.map(\.action) == [action])
        #expect(run.verdict == .continue)
    }

    @Test func nonSensitiveMessageIsLeftAlone() throws {
        let run = try PluginFixtures.harness(
            recipients: ["a@none.example"], sensitive: false
        ).run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.isEmpty)
        #expect(run.actions.isEmpty)
        #expect(run.verdict == .continue)
    }

    @Test func eachRecipientGetsOwnDecision() throws {
        let run = try PluginFixtures.harness(
            recipients: ["a@verified.example", "b@none.example", "c@encrypted.example"]
        ).run(message: PluginFixtures.message)
        #expect(
            run.recipientDecisions.map(\.recipient)
                == ["<a@verified.example>", "<b@none.example>", "<c@encrypted.example>"])
        #expect(
            run.recipientDecisions.map(\.rule)
                == [
                    "auto_encrypt.enforce_tls", "auto_encrypt.redirect", "auto_encrypt.enforce_tls",
                ])
    }

    @Test(arguments: [
        ("hold", RecipientAction.hold),
        ("deliver", .deliver),
        ("enforce_tls", .deliverWithEnforcedTLS(level: .encrypt)),
    ])
    func onNoneSettingIsApplied(setting: String, action: RecipientAction) throws {
        let run = try PluginFixtures.harness(
            ["auto_encrypt_on_none": setting], recipients: ["a@none.example"]
        ).run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.first?.action == action)
    }

    @Test func rejectUsesConfiguredReply() throws {
        let run = try PluginFixtures.harness(
            [
                "auto_encrypt_on_none": "reject",
                "auto_encrypt_reject_reply": "550 5.7.1 Use the secure portal or add [secure]",
            ],
            recipients: ["a@none.example"]
        ).run(message: PluginFixtures.message)
        let reply = SMTPReply.constant(550, "5.7.1", "Use the secure portal or add [secure]")
        #expect(run.recipientDecisions.first?.action == .reject(reply))
    }

    @Test func unknownFollowsOwnSetting() throws {
        let run = try PluginFixtures.harness(
            ["auto_encrypt_on_unknown": "hold"], recipients: ["a@unknown.example"]
        ).run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.first?.action == .hold)
    }

    @Test func domainActionOverridesAssurance() throws {
        let run = try PluginFixtures.harness(
            ["auto_encrypt_domain_actions": ".partner.example=deliver, verified.example=hold"],
            recipients: ["a@mail.partner.example", "b@verified.example"]
        ).run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.map(\.action) == [.deliver, .hold])
    }

    @Test func fixedEnforceLevelIsUsed() throws {
        let run = try PluginFixtures.harness(
            ["auto_encrypt_enforce_level": "encrypt"], recipients: ["a@dane.example"]
        ).run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.first?.action == .deliverWithEnforcedTLS(level: .encrypt))
    }

    @Test func policyMapTableIsRead() throws {
        let directory = try TestProcess.temporaryDirectory("policy-map")
        let path = directory + "/tls_policy"
        try "table.example verify\n.sub.example encrypt\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let run = try PluginFixtures.harness(
            ["auto_encrypt_postfix_policy_maps": "hash:" + path],
            recipients: ["a@table.example", "b@x.sub.example"]
        ).run(message: PluginFixtures.message)
        #expect(
            run.recipientDecisions.map(\.action) == [
                .deliverWithEnforcedTLS(level: .verify), .deliverWithEnforcedTLS(level: .encrypt),
            ])
    }

    @Test func overrideBeatsPolicyMap() throws {
        let directory = try TestProcess.temporaryDirectory("policy-map")
        let path = directory + "/tls_policy"
        try "none.example verify\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try PluginFixtures.harness(
            ["auto_encrypt_postfix_policy_maps": path], recipients: ["a@none.example"]
        ).run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.first?.action == .redirect(to: DecisionTests.gateway))
    }

    @Test func tlsRequiredNoIsStripped() throws {
        let message = Array(
            "TLS-Required: No\r\nSubject: x\r\ntls-required:  no \r\n\r\nbody\r\n".utf8)
        let harness = try PluginFixtures.harness(recipients: ["a@verified.example"])
        let run = try harness.run(message: message)
        #expect(
            run.actions == [
                .deleteHeader(name: "TLS-Required", occurrence: 2),
                .deleteHeader(name: "TLS-Required", occurrence: 1),
            ])
        #expect(run.rules.contains("auto_encrypt.tls_required_no"))
        #expect(harness.logs.lines.contains { $0.contains("TLS-Required: no removed") })
    }

    @Test func tlsRequiredNoIsRejected() throws {
        let message = Array("TLS-Required: No\r\nSubject: x\r\n\r\nbody\r\n".utf8)
        let harness = try PluginFixtures.harness(
            ["auto_encrypt_tls_required_no": "reject"], recipients: ["a@verified.example"])
        let run = try harness.run(message: message)
        #expect(run.verdict == .reject)
        #expect(run.reply?.code == 550)
        #expect(run.reply?.enhancedCode.description == "5.7.1")
        let line = harness.logs.lines.first { $0.contains("TLS-Required") }
        #expect(line?.hasPrefix("warning:") == true)
    }

    @Test func tlsRequiredYesIsKept() throws {
        let message = Array("TLS-Required: Yes\r\nSubject: x\r\n\r\nbody\r\n".utf8)
        let run = try PluginFixtures.harness(recipients: ["a@verified.example"]).run(
            message: message)
        #expect(run.actions.isEmpty)
    }

    @Test func decisionIsLoggedWithRecipient() throws {
        let harness = try PluginFixtures.harness(recipients: ["a@none.example"])
        _ = try harness.run(message: PluginFixtures.message)
        let line = try #require(harness.logs.lines.first { $0.contains("recipient decision") })
        #expect(line.hasPrefix("info: TESTQUEUE1: recipient decision to=<a@none.example>"))
        #expect(line.contains("action=redirect"))
        #expect(line.contains("assurance=none source=override"))
    }

    @Test func reportListsDomainAssurance() throws {
        let run = try PluginFixtures.harness(recipients: ["a@dane.example"])
            .run(message: PluginFixtures.message)
        #expect(
            run.report["tls_assurance"]?.json
                == #"{"dane.example":{"assurance":"verified","source":"override","level":"dane"}}"#)
    }

    @Test func redirectWithoutGatewayStopsStartup() {
        #expect {
            try PluginFixtures.harness(
                ["auto_encrypt_gateway_address": "", "auto_encrypt_on_none": "redirect"],
                recipients: ["a@none.example"])
        } throws: { error in
            "\(error)".contains("auto_encrypt_gateway_address")
        }
    }

    @Test func defaultsHoldWithoutGateway() throws {
        var settings = PluginFixtures.offline
        for key in [
            "auto_encrypt_gateway_address", "auto_encrypt_on_none",
            "auto_encrypt_on_opportunistic", "auto_encrypt_no_certificate_action",
        ] {
            settings.removeValue(forKey: key)
        }
        var harness = try PluginHarness(AutoEncryptRedirectPlugin.descriptor, config: settings)
        harness.recipients = [EnvelopeAddress(raw: "<a@none.example>")]
        harness.priorFindings = [PluginFixtures.sensitive]
        let run = try harness.run(message: PluginFixtures.message)
        #expect(run.recipientDecisions.map(\.action) == [.hold])
    }

    @Test func noRedirectNeedsNoGateway() throws {
        _ = try PluginFixtures.harness(
            [
                "auto_encrypt_gateway_address": "", "auto_encrypt_on_none": "reject",
                "auto_encrypt_on_opportunistic": "hold",
                "auto_encrypt_no_certificate_action": "hold",
            ], recipients: ["a@none.example"])
    }

    @Test(arguments: ["example.com", "example.com=", "=encrypt"])
    func malformedOverrideIsRejected(value: String) {
        #expect(throws: ConfigError.self) {
            try PluginFixtures.harness(["auto_encrypt_tls_overrides": value], recipients: [])
        }
    }

    @Test func unknownDomainActionIsRejected() {
        #expect(throws: ConfigError.self) {
            try PluginFixtures.harness(
                ["auto_encrypt_domain_actions": "a.example=bounce"], recipients: [])
        }
    }
}
