import Foundation
import Testing

/// `tlsguard milter` with the TLS requirement plugin, inside a real Postfix.
@Suite(.serialized, .enabled(if: TestEnvironment.canRunPostfix))
struct PostfixTLSHeaderTests {
    let fixture: PostfixFixture

    init() throws {
        fixture = try PostfixFixture(.tlsguard)
    }

    let message = TestMessage.make(headers: [
        "From: bob@example.com", "To: carol@example.org", "Subject: TLS check",
        "X-TLSGuard-TLS: forged by the sender",
    ])

    @Test func startTLSAndPlainMessages() throws {
        let tlsReplies = try fixture.send(message: message, tls: true)
        let plainReplies = try fixture.send(message: message)
        #expect(PostfixFixture.finalReply(tlsReplies)?.code == 250)
        #expect(PostfixFixture.finalReply(plainReplies)?.code == 250)

        let delivered = fixture.postfix.waitForDelivery(count: 2)
        try #require(delivered.count == 2)
        let values = delivered.map { $0.headers("X-TLSGuard-TLS") }
        #expect(values.allSatisfy { $0.count == 1 }, "the forged header is removed")
        let tlsHeader = try #require(values.first { $0.first?.contains("version=") == true }?.first)
        #expect(
            tlsHeader.hasPrefix("X-TLSGuard-TLS: version=TLSv1.3 cipher=")
                || tlsHeader.hasPrefix("X-TLSGuard-TLS: version=TLSv1.2 cipher="))
        #expect(tlsHeader.contains(" bits="))
        #expect(values.contains(["X-TLSGuard-TLS: none"]))
    }

    @Test func twoMessagesOnOneConnectionAfterSTARTTLS() throws {
        let steps: [[String: Any]] = [
            ["starttls": true],
            try fixture.postfix.transaction(
                from: "<bob@example.com>", to: ["<one@example.org>"], message: message),
            try fixture.postfix.transaction(
                from: "<bob@example.com>", to: ["<two@example.org>"], message: message),
        ]
        let replies = try fixture.postfix.session(steps)
        #expect(replies[1].last?.code == 250)
        #expect(replies[2].last?.code == 250)
        let delivered = fixture.postfix.waitForDelivery(count: 2)
        try #require(delivered.count == 2)
        for message in delivered {
            #expect(message.headers("X-TLSGuard-TLS").first?.contains("version=TLSv1.") == true)
        }
    }

    @Test func clientOverIPv6() throws {
        let replies = try fixture.send(message: message, ipv6: true)
        #expect(PostfixFixture.finalReply(replies)?.code == 250)
        let delivered = fixture.postfix.waitForDelivery(count: 1)
        #expect(delivered.first?.headers("X-TLSGuard-TLS") == ["X-TLSGuard-TLS: none"])
        #expect(fixture.milter.log.contains("accept from=<bob@example.com>"))
    }
}
