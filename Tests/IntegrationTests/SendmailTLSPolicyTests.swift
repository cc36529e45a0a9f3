import Foundation
import Testing

/// `tlsguard milter` attached to a private sendmail with the shipped `.mc` lines, which
/// list `{verify}` among the HELO macros. The policy requires a verified client
/// certificate. swaks clients present none, one from an untrusted CA, or one from the
/// test CA.
@Suite(.serialized, .enabled(if: SendmailInstance.canRun && Swaks.isInstalled))
struct SendmailTLSPolicyTests {
    static let certificatePolicy = """
        tls_require_recipient_domains = example.org
        tls_require_verified_certificate = yes

        """

    /// sendmail puts the recipient before a milter's reply text.
    static func unverifiedReply(_ verify: String) -> String {
        "550 5.7.1 <carol@example.org>... Client certificate missing or not verified "
            + "(verify=\(verify); a verified client certificate is required)"
    }

    let message = TestMessage.make(headers: [
        "From: bob@example.com", "To: carol@example.org", "Subject: Referral",
        "Message-ID: <sendmail-policy@example.com>",
    ])

    @Test func shippedLinesAskForVerify() throws {
        let fixture = try SendmailFixture(configuration: Self.certificatePolicy)
        let shipped = try String(
            contentsOf: SendmailInstance.shippedMilterLines, encoding: .utf8)
        let heloLine = try #require(
            shipped.components(separatedBy: "\n").first {
                $0.hasPrefix("define(`confMILTER_MACROS_HELO'")
            })
        #expect(heloLine.contains("{verify}"))
        #expect(fixture.sendmail.mcFile.contains(heloLine + "\n"))
        #expect(fixture.sendmail.mcFile.contains("S=\(fixture.milter.socketSpec), F=T"))
    }

    /// tlsguard requests its macros with smfi_setsymlist, and sendmail 8.17.1.9 honours
    /// that request: `{verify}` arrives even when the `.mc` file leaves the HELO list at
    /// sendmail's default, which lacks it.
    @Test func verifyArrivesWithoutMacroLines() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("mc")
        defer { try? FileManager.default.removeItem(at: directory) }
        let shipped = try String(
            contentsOf: SendmailInstance.shippedMilterLines, encoding: .utf8)
        let filterOnly = shipped.components(separatedBy: "\n").filter {
            $0.hasPrefix("INPUT_MAIL_FILTER(")
        }
        let lines = directory.appendingPathComponent("filter-only.mc")
        try (filterOnly.joined(separator: "\n") + "\n").write(
            to: lines, atomically: true, encoding: .utf8)
        let fixture = try SendmailFixture(
            configuration: Self.certificatePolicy, milterLines: lines)
        #expect(!fixture.sendmail.mcFile.contains("confMILTER_MACROS_HELO"))

        let untrusted = try Swaks.send(
            port: fixture.sendmail.port, to: ["carol@example.org"],
            tls: Swaks.TLS(certificate: fixture.untrustedCertificate), message: message)
        #expect(
            untrusted.reply(to: "RCPT TO:<carol@example.org>") == Self.unverifiedReply("FAIL"),
            "\(untrusted)")

        let trusted = try Swaks.send(
            port: fixture.sendmail.port, to: ["carol@example.org"],
            tls: Swaks.TLS(certificate: fixture.trustedCertificate), message: message)
        #expect(trusted.status == 0, "\(trusted)")
    }

    @Test func clientWithoutCertificateRejected() throws {
        let fixture = try SendmailFixture(configuration: Self.certificatePolicy)
        let port = fixture.sendmail.port

        let withoutTLS = try Swaks.send(port: port, to: ["carol@example.org"], message: message)
        #expect(
            withoutTLS.reply(to: "RCPT TO:<carol@example.org>")
                == "530 5.7.0 Must issue a STARTTLS command first", "\(withoutTLS)")

        let anonymous = try Swaks.send(
            port: port, to: ["carol@example.org"], tls: Swaks.TLS(), message: message)
        #expect(anonymous.tlsSession != nil, "\(anonymous)")
        #expect(
            anonymous.reply(to: "RCPT TO:<carol@example.org>") == Self.unverifiedReply("NO"),
            "\(anonymous)")
        #expect(anonymous.status == 24, "\(anonymous)")

        #expect(fixture.sendmail.maillog.contains("verify=NO"), "\(fixture.sendmail.maillog)")
        #expect(fixture.sendmail.delivered().isEmpty)
    }

    @Test func certificateFromUntrustedCARejected() throws {
        let fixture = try SendmailFixture(configuration: Self.certificatePolicy)

        let session = try Swaks.send(
            port: fixture.sendmail.port, to: ["carol@example.org"],
            tls: Swaks.TLS(certificate: fixture.untrustedCertificate), message: message)
        #expect(
            session.reply(to: "RCPT TO:<carol@example.org>") == Self.unverifiedReply("FAIL"),
            "\(session)")
        #expect(fixture.sendmail.delivered().isEmpty)
    }

    @Test func certificateFromTestCAAccepted() throws {
        let fixture = try SendmailFixture(configuration: Self.certificatePolicy)

        let session = try Swaks.send(
            port: fixture.sendmail.port, to: ["carol@example.org"],
            tls: Swaks.TLS(certificate: fixture.trustedCertificate), message: message)
        #expect(session.status == 0, "\(session)")
        #expect(session.reply(to: "RCPT TO:<carol@example.org>")?.hasPrefix("250 ") == true)
        let negotiated = try #require(session.tlsSession, "\(session)")

        let delivered = fixture.sendmail.waitForDelivery(count: 1)
        let accepted = try #require(delivered.first, "\(fixture.sendmail.maillog)")
        #expect(accepted.recipients == ["<carol@example.org>"])
        #expect(
            accepted.headers("X-TLSGuard-TLS") == [
                "X-TLSGuard-TLS: version=\(negotiated.version) cipher=\(negotiated.cipher) "
                    + "bits=\(negotiated.bits)"
            ])
        let received = accepted.headers("Received").first ?? ""
        #expect(received.contains("by mx.sendmail.test (8."), "\(received)")
        #expect(received.contains("verify=OK"), "\(received)")
        #expect(fixture.milter.log.contains("accept from=<bob@example.com>"))
    }
}
