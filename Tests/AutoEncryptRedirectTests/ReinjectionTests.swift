import Foundation
import Mail
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// The reinjection client against `smtp-sink` on loopback.
@Suite(.enabled(if: TestProcess.available(["/usr/sbin/smtp-sink"]), "needs smtp-sink"))
struct ReinjectionTests {
    static let address = TestNetwork.address(32)
    static let message = Array("Subject: copy\r\n\r\n.leading dot\r\nlast line\r\n".utf8)

    func client(port: Int) throws -> ReinjectionClient {
        try ReinjectionClient(
            address: "\(ReinjectionTests.address):\(port)", heloName: "tlsguard.test",
            timeout: .seconds(5))
    }

    @Test func copyReachesListenerWithEnvelope() throws {
        let sink = try SMTPSink(address: ReinjectionTests.address, port: 2601)
        defer { sink.stop() }
        try client(port: 2601).send(
            ReinjectionTests.message, sender: "sender@clinic.example",
            recipients: ["a@x.example", "b@y.example"])
        let received = sink.waitForMessages(1)
        #expect(received.count == 1)
        let text = try #require(received.first)
        #expect(text.contains("X-Mail-Args: <sender@clinic.example>"))
        #expect(text.contains("X-Rcpt-Args: <a@x.example>"))
        #expect(text.contains("X-Rcpt-Args: <b@y.example>"))
        #expect(text.contains("\n.leading dot\n") || text.contains("\r\n.leading dot\r\n"))
        #expect(!text.contains("..leading dot"))
    }

    @Test func deliveryParametersAreForwarded() throws {
        let sink = try SMTPSink(address: ReinjectionTests.address, port: 2605)
        defer { sink.stop() }
        try client(port: 2605).send(
            ReinjectionTests.message,
            sender: EnvelopeAddress(
                raw: "<sender@clinic.example>",
                esmtpArguments: ["SIZE=1234", "BODY=8BITMIME", "RET=HDRS", "AUTH=<>"]),
            recipients: [
                EnvelopeAddress(
                    raw: "<a@x.example>",
                    esmtpArguments: ["NOTIFY=NEVER", "ORCPT=rfc822;a@x.example"])
            ])
        let text = try #require(sink.waitForMessages(1).first)
        let mail = text.split(separator: "\n").first { $0.hasPrefix("X-Mail-Args:") } ?? ""
        #expect(mail.contains("BODY=8BITMIME"))
        #expect(mail.contains("RET=HDRS"))
        #expect(!mail.contains("SIZE="))
        #expect(!mail.contains("AUTH="))
        let rcpt = text.split(separator: "\n").first { $0.hasPrefix("X-Rcpt-Args:") } ?? ""
        #expect(rcpt.contains("NOTIFY=NEVER"))
        #expect(rcpt.contains("ORCPT=rfc822;a@x.example"))
    }

    @Test func nullSenderIsKept() throws {
        let sink = try SMTPSink(address: ReinjectionTests.address, port: 2602)
        defer { sink.stop() }
        try client(port: 2602).send(
            ReinjectionTests.message, sender: "", recipients: ["a@x.example"])
        #expect(sink.waitForMessages(1).first?.contains("X-Mail-Args: <>") == true)
    }

    @Test func refusedRecipientFailsCopy() throws {
        let sink = try SMTPSink(
            address: ReinjectionTests.address, port: 2603, rejectRecipients: true)
        defer { sink.stop() }
        #expect(throws: ReinjectionError.self) {
            try client(port: 2603).send(
                ReinjectionTests.message, sender: "s@x.example", recipients: ["a@x.example"])
        }
        #expect(sink.messages().isEmpty)
    }

    @Test func stoppedListenerFailsCopy() throws {
        #expect {
            try client(port: 2604).send(
                ReinjectionTests.message, sender: "s@x.example", recipients: ["a@x.example"])
        } throws: { error in
            "\(error)".contains("Connection refused")
        }
    }

    @Test(arguments: [
        ("127.0.0.1:10026", "127.0.0.1", 10026), ("[::1]:10026", "::1", 10026),
    ])
    func addressIsParsed(text: String, host: String, port: Int) throws {
        let client = try ReinjectionClient(address: text, heloName: "x", timeout: .seconds(1))
        #expect(client.host == host)
        #expect(client.port == port)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:0", "[::1]10026", ":25"])
    func invalidAddressIsRejected(text: String) {
        #expect(throws: ReinjectionError.invalidAddress(text)) {
            try ReinjectionClient(address: text, heloName: "x", timeout: .seconds(1))
        }
    }

    @Test func dotStuffingDoublesLeadingDots() {
        let stuffed = ReinjectionClient.dotStuffed(Array(".a\r\nb\r\n..c".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..a\r\nb\r\n...c\r\n")
    }

    @Test func assemblerAppliesHeaderActions() throws {
        let headers = [
            HeaderField(name: "Subject", value: "Lab"),
            HeaderField(name: "TLS-Required", value: "No"),
            HeaderField(name: "X-Keep", rawValue: Array("folded\n value".utf8)),
        ]
        let text = String(
            decoding: try MessageAssembler.assemble(
                headers: headers, body: Array("line\nnext".utf8),
                actions: [
                    .deleteHeader(name: "tls-required", occurrence: 1),
                    .addHeader(name: "X-TLSGuard-Route", value: "encrypt"),
                    .changeHeader(name: "Subject", occurrence: 1, value: "Lab 2"),
                    .addRecipient(address: "<ignored@x.example>", esmtpArguments: nil),
                ]),
            as: UTF8.self)
        #expect(
            text == "Subject: Lab 2\r\nX-Keep: folded\r\n value\r\nX-TLSGuard-Route: encrypt\r\n"
                + "\r\nline\r\nnext")
    }
}

@Suite struct MessageAssemblerTests {
    @Test func spooledReplacementBodyIsRead() throws {
        let path = try TestProcess.temporaryDirectory("assembler") + "/body"
        try "spooled body\n".write(toFile: path, atomically: true, encoding: .utf8)
        let bytes = try MessageAssembler.assemble(
            headers: [HeaderField(name: "Subject", value: "x")], body: Array("old".utf8),
            actions: [.replaceBody(.file(path: path, size: 13))])
        #expect(String(decoding: bytes, as: UTF8.self) == "Subject: x\r\n\r\nspooled body\r\n")
    }

    @Test func unreadableReplacementBodyThrows() {
        #expect(throws: SMIMEError.self) {
            try MessageAssembler.assemble(
                headers: [], body: [],
                actions: [.replaceBody(.file(path: "/nonexistent/body", size: 1))])
        }
    }
}
