import Foundation
import Testing

/// The inbound TLS policy of `tlsguard milter` inside a real Postfix, seen from swaks: a
/// recipient domain that requires TLS, a TLS 1.3 minimum, and the tempfail variants.
@Suite(.serialized, .enabled(if: TestEnvironment.canRunPostfix && Swaks.isInstalled))
struct PostfixTLSPolicyTests {
    static let recipientPolicy = "tls_require_recipient_domains = example.org\n"
    static let versionPolicy = recipientPolicy + "tls_minimum_version = TLSv1.3\n"

    static let missingTLSReply = "530 5.7.0 Must issue a STARTTLS command first"
    static let weakTLSText = "TLS protection too weak (TLSv1.2 used, TLSv1.3 required)"

    /// A message that an earlier server of ours received over TLS 1.3, so that the chain
    /// has one internet hop before the test connection, which is loopback and internal.
    static let message = TestMessage.make(headers: [
        "Received: from mail.sender.example (mail.sender.example [203.0.113.20])",
        "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))",
        "\tby edge.tlsguard.test (Postfix) with ESMTPS id 4QWa1b2c3d",
        "\tfor <carol@example.org>; Tue, 03 Mar 2026 10:15:09 +0000 (UTC)",
        "From: bob@example.com", "To: carol@example.org", "Subject: Lab results",
        "Message-ID: <tls-policy@example.com>",
        "X-TLSGuard-TLS: forged by the sender",
    ])

    // MARK: - Recipient domain that requires TLS

    @Test func plainClientGets530AtRcpt() throws {
        let fixture = try PostfixFixture(.tlsguard, configuration: Self.recipientPolicy)
        let port = fixture.postfix.port

        let single = try Swaks.send(port: port, to: ["carol@example.org"], message: Self.message)
        #expect(
            single.reply(to: "RCPT TO:<carol@example.org>") == Self.missingTLSReply, "\(single)")
        #expect(single.errorReplies == [Self.missingTLSReply], "\(single)")
        #expect(single.status == 24, "\(single)")
        #expect(single.reply(to: "DATA") == nil, "\(single)")

        // A session without TLS for one recipient under the policy and one outside it
        // delivers the message to the second only.
        let mixed = try Swaks.send(
            port: port, to: ["carol@example.org", "dave@elsewhere.example"], message: Self.message)
        #expect(mixed.reply(to: "RCPT TO:<carol@example.org>") == Self.missingTLSReply, "\(mixed)")
        #expect(mixed.reply(to: "RCPT TO:<dave@elsewhere.example>")?.hasPrefix("250 ") == true)
        #expect(mixed.status == 0, "\(mixed)")

        let delivered = fixture.postfix.waitForSent(recipients: 1)
        #expect(delivered.count == 1)
        #expect(delivered.first?.recipients == ["<dave@elsewhere.example>"])
        #expect(fixture.postfix.queue().isEmpty)
        #expect(
            fixture.postfix.maillog.contains(
                "milter-reject: RCPT from localhost[127.0.0.1]: \(Self.missingTLSReply);"))
    }

    @Test func startTLSClientDeliveredAndTagged() throws {
        let fixture = try PostfixFixture(.tlsguard, configuration: Self.recipientPolicy)

        let session = try Swaks.send(
            port: fixture.postfix.port, to: ["carol@example.org"], tls: Swaks.TLS(),
            message: Self.message)
        #expect(session.status == 0, "\(session)")
        #expect(session.reply(to: "RCPT TO:<carol@example.org>")?.hasPrefix("250 ") == true)
        let negotiated = try #require(session.tlsSession, "\(session)")

        let delivered = fixture.postfix.waitForSent(recipients: 1)
        let tagged = try #require(delivered.first)
        #expect(tagged.recipients == ["<carol@example.org>"])
        let expectedTLS =
            "X-TLSGuard-TLS: version=\(negotiated.version) cipher=\(negotiated.cipher) "
            + "bits=\(negotiated.bits)"
        #expect(tagged.headers("X-TLSGuard-TLS") == [expectedTLS])
        #expect(
            tagged.headers("X-TLSGuard-Hops") == [
                "X-TLSGuard-Hops: internet=1 encrypted=1 clear=0 unknown=0 path=encrypted"
            ])
    }

    // MARK: - TLS 1.3 minimum

    @Test func tls12ClientRejectedWith550() throws {
        let fixture = try PostfixFixture(.tlsguard, configuration: Self.versionPolicy)
        let port = fixture.postfix.port

        let old = try Swaks.send(
            port: port, to: ["carol@example.org"], tls: Swaks.TLS(protocols: "tlsv1_2"),
            message: Self.message)
        #expect(old.tlsSession?.version == "TLSv1.2", "\(old)")
        #expect(
            old.reply(to: "RCPT TO:<carol@example.org>") == "550 5.7.1 " + Self.weakTLSText,
            "\(old)")
        #expect(old.status == 24, "\(old)")

        let current = try Swaks.send(
            port: port, to: ["carol@example.org"], tls: Swaks.TLS(protocols: "tlsv1_3"),
            message: Self.message)
        #expect(current.tlsSession?.version == "TLSv1.3", "\(current)")
        #expect(current.status == 0, "\(current)")

        let delivered = fixture.postfix.waitForSent(recipients: 1)
        #expect(delivered.count == 1)
        #expect(delivered.first?.headers("X-TLSGuard-TLS").first?.contains("TLSv1.3") == true)
    }

    @Test func tempfailVariantsAnswer4xx() throws {
        let configuration =
            Self.versionPolicy + "tls_on_weak = tempfail\ntls_on_missing = tempfail\n"
        let fixture = try PostfixFixture(.tlsguard, configuration: configuration)
        let port = fixture.postfix.port

        let old = try Swaks.send(
            port: port, to: ["carol@example.org"], tls: Swaks.TLS(protocols: "tlsv1_2"),
            message: Self.message)
        #expect(old.tlsSession?.version == "TLSv1.2", "\(old)")
        #expect(
            old.reply(to: "RCPT TO:<carol@example.org>") == "450 4.7.1 " + Self.weakTLSText,
            "\(old)")

        let plain = try Swaks.send(port: port, to: ["carol@example.org"], message: Self.message)
        #expect(
            plain.reply(to: "RCPT TO:<carol@example.org>")
                == "450 4.7.0 Must issue a STARTTLS command first", "\(plain)")

        #expect(fixture.postfix.queue().isEmpty)
        #expect(fixture.postfix.delivered().isEmpty)
    }
}
