import Mail
import PluginAPI
import TLSRequirement
import Testing

/// The inbound policy at MAIL FROM and RCPT TO: requirements, replies and the exceptions.
@Suite struct InboundPolicyTests {
    typealias Harness = PluginHarness

    @Test func missingTLSRejectedAtRcpt() throws {
        let plugin = try Harness.plugin(["tls_require_recipient_domains": "example.org"])
        let context = Harness.stage(Harness.connection())
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect(result.verdict == .reject)
        #expect(result.reply?.description == "530 5.7.0 Must issue a STARTTLS command first")
        #expect(result.rules == ["tls.inbound_missing"])
        #expect(Harness.finding(result, "tls.inbound_missing")?.kind == "TLS_MISSING")
    }

    @Test func subdomainOfRequiredDomainMatches() throws {
        let plugin = try Harness.plugin(["tls_require_recipient_domains": "example.org"])
        let context = Harness.stage(Harness.connection())
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<a@lab.Example.ORG>"))
        #expect(result.verdict == .reject)
    }

    @Test func otherRecipientDomainContinues() throws {
        let plugin = try Harness.plugin(["tls_require_recipient_domains": "example.org"])
        let context = Harness.stage(Harness.connection())
        let result = try plugin.rcptTo(context, recipient: EnvelopeAddress(raw: "<a@example.com>"))
        #expect(result.verdict == .continue)
        #expect(result.reply == nil)
    }

    @Test func tlsMeetingRequirementContinues() throws {
        let plugin = try Harness.plugin(["tls_require_recipient_domains": "example.org"])
        let context = Harness.stage(Harness.connection(tls: Harness.tls13))
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect(result.verdict == .continue)
    }

    @Test func oldVersionRejectedWithClearText() throws {
        let plugin = try Harness.plugin([
            "tls_require_recipient_domains": "example.org", "tls_minimum_version": "TLSv1.3",
        ])
        let context = Harness.stage(Harness.connection(tls: Harness.tls12))
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect(result.verdict == .reject)
        #expect(
            result.reply?.description
                == "550 5.7.1 TLS protection too weak (TLSv1.2 used, TLSv1.3 required)")
        #expect(result.rules == ["tls.inbound_weak"])
    }

    @Test func weakTLSTempfailsWhenConfigured() throws {
        let plugin = try Harness.plugin([
            "tls_require_recipient_domains": "example.org", "tls_minimum_version": "TLSv1.3",
            "tls_on_weak": "tempfail",
        ])
        let context = Harness.stage(Harness.connection(tls: Harness.tls12))
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect(result.verdict == .tempfail)
        #expect(result.reply?.code == 450)
        #expect(result.reply?.enhancedCode.description == "4.7.1")
    }

    @Test func shortKeyRejected() throws {
        let plugin = try Harness.plugin([
            "tls_require_recipient_domains": "example.org", "tls_minimum_bits": "256",
        ])
        let weak = TLSFacts(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", cipherBits: 128)
        let context = Harness.stage(Harness.connection(tls: weak))
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect(result.verdict == .reject)
        #expect(result.reply?.text.contains("128-bit cipher used, 256 bits required") == true)
    }

    @Test func anyVersionDoesNotMeetMinimum() throws {
        let plugin = try Harness.plugin(["tls_require_recipient_domains": "example.org"])
        let old = TLSFacts(version: "TLSv1/SSLv3", cipher: "DHE-RSA-AES256-SHA", cipherBits: 256)
        let context = Harness.stage(Harness.connection(tls: old))
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect(result.verdict == .reject)
        #expect(result.rules == ["tls.inbound_weak"])
    }

    @Test(arguments: [
        (TLSFacts(version: "TLSv1.3", cipher: "X", cipherBits: 256, verify: "NO"), true),
        (TLSFacts(version: "TLSv1.3", cipher: "X", cipherBits: 256, verify: "FAIL"), true),
        (TLSFacts(version: "TLSv1.3", cipher: "X", cipherBits: 256, verify: "OK"), false),
        (
            TLSFacts(
                version: "TLSv1.3", cipher: "X", cipherBits: 256, certificateSubject: "",
                verify: "OK"), false
        ),
        (
            TLSFacts(version: "TLSv1.3", cipher: "X", cipherBits: 256, certificateSubject: "CN=a"),
            false
        ),
        (TLSFacts(version: "TLSv1.3", cipher: "X", cipherBits: 256), true),
    ])
    func verifiedCertificateRequired(_ facts: TLSFacts, _ rejected: Bool) throws {
        let plugin = try Harness.plugin([
            "tls_require_client_networks": "192.0.2.0/24",
            "tls_require_verified_certificate": "yes",
        ])
        let context = Harness.stage(Harness.connection(tls: facts))
        let result = try plugin.rcptTo(
            context, recipient: EnvelopeAddress(raw: "<carol@example.org>"))
        #expect((result.verdict == .reject) == rejected)
        if rejected {
            #expect(result.reply?.description.hasPrefix("550 5.7.1 Client certificate") == true)
        }
    }

    @Test func localSubmissionNeverRejected() throws {
        let plugin = try Harness.plugin([
            "tls_require_recipient_domains": "example.org",
            "tls_require_sender_domains": "example.com",
            "tls_enforce_stage": "mail",
        ])
        for connection in [
            Harness.connection(address: nil, hostname: nil, helo: nil),
            Harness.connection(address: "127.0.0.1", local: true),
        ] {
            let context = Harness.stage(connection)
            #expect(try plugin.mailFrom(context).verdict == .continue)
            let recipient = EnvelopeAddress(raw: "<carol@example.org>")
            #expect(try plugin.rcptTo(context, recipient: recipient).verdict == .continue)
            let headers = [HeaderField(name: "Subject", value: "results")]
            let message = Harness.message(connection, headers: headers)
            let result = try plugin.endOfMessage(message)
            #expect(result.verdict == .continue)
            #expect(Harness.finding(result, "tls.connection")?.kind == "LOCAL")
        }
    }

    @Test func sessionRulesActAtMailWhenConfigured() throws {
        let plugin = try Harness.plugin([
            "tls_require_client_networks": "192.0.2.0/24", "tls_enforce_stage": "mail",
        ])
        let context = Harness.stage(Harness.connection())
        #expect(try plugin.mailFrom(context).verdict == .reject)
        let recipient = EnvelopeAddress(raw: "<carol@example.org>")
        #expect(try plugin.rcptTo(context, recipient: recipient).verdict == .continue)
    }

    @Test func sessionRulesActAtRcptByDefault() throws {
        let plugin = try Harness.plugin(["tls_require_client_networks": "192.0.2.0/24"])
        let context = Harness.stage(Harness.connection())
        #expect(try plugin.mailFrom(context).verdict == .continue)
        let recipient = EnvelopeAddress(raw: "<carol@example.org>")
        #expect(try plugin.rcptTo(context, recipient: recipient).verdict == .reject)
    }

    @Test(arguments: [
        ("tls_require_helo_domains", "example.com", true),
        ("tls_require_helo_domains", "example.net", false),
        ("tls_require_sender_domains", "example.com", true),
        ("tls_require_sender_domains", "other.example", false),
        ("tls_require_client_networks", "2001:db8::/32", false),
        ("tls_require_client_networks", "192.0.2.66", true),
    ])
    func sessionRequirementMatches(_ key: String, _ value: String, _ rejected: Bool) throws {
        let plugin = try Harness.plugin([key: value])
        let context = Harness.stage(Harness.connection())
        let recipient = EnvelopeAddress(raw: "<carol@example.org>")
        #expect((try plugin.rcptTo(context, recipient: recipient).verdict == .reject) == rejected)
    }

    @Test func tagActionWaitsForEndOfMessage() throws {
        let plugin = try Harness.plugin([
            "tls_require_recipient_domains": "example.org", "tls_on_missing": "tag",
            "tls_tag_subject": "[NO TLS]",
        ])
        let connection = Harness.connection()
        let recipient = EnvelopeAddress(raw: "<carol@example.org>")
        #expect(
            try plugin.rcptTo(Harness.stage(connection), recipient: recipient).verdict == .continue)
        let result = try plugin.endOfMessage(Harness.message(connection, headers: []))
        #expect(result.verdict == .continue)
        let warnings = Harness.addedHeaders(result, "X-TLSGuard-Warning")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("inbound TLS requirement failed: no TLS") == true)
        #expect(result.actions.contains(.tagSubject(tag: "[NO TLS]")))
        #expect(Harness.finding(result, "tls.inbound_missing")?.attributes["action"] == "tag")
    }

    @Test func quarantineActionAtEndOfMessage() throws {
        let plugin = try Harness.plugin([
            "tls_require_recipient_domains": "example.org", "tls_on_missing": "quarantine",
        ])
        let result = try plugin.endOfMessage(Harness.message(Harness.connection(), headers: []))
        #expect(result.verdict == .quarantine)
        #expect(result.quarantineReason?.hasPrefix("TLS requirement failed") == true)
    }

    @Test func rejectIsNotRepeatedAtEndOfMessage() throws {
        let plugin = try Harness.plugin(["tls_require_recipient_domains": "example.org"])
        let result = try plugin.endOfMessage(Harness.message(Harness.connection(), headers: []))
        #expect(result.verdict == .continue)
    }
}
