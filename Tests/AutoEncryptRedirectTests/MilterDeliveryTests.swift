import Foundation
import Testing

/// The auto-encrypt redirect end to end: each message enters the sending Postfix's smtpd,
/// the built `tlsguard milter` (TLS requirement, PHI detection, auto-encrypt redirect)
/// decides, and Postfix delivers to the recipient servers and sinks of `SendingSite`.
///
/// Serialized, because the stopped-listener test reloads the shared sender Postfix.
@Suite(
    .serialized,
    .enabled(
        if: SendingSite.available,
        "needs root, postfix, smtp-sink, openssl, python3 and the built tlsguard"))
struct MilterDeliveryTests {
    static let sender = "coordinator@clinic.example"

    /// A referral with a patient's name, DOB, SSN and diagnoses, as a clinic writes it.
    static let referral: String = {
        let path = TestProcess.fixtures + "/phi-referral.txt"
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }()

    static let notice = """
        The staff meeting moves to Thursday at 3 pm in room 210.
        Please bring the updated on-call rota.

        """

    /// Returns a message with `messageID`, addressed to `recipients`, whose body is `text`
    /// with CRLF line ends. `extraHeaders` go after the Subject.
    static func message(
        _ messageID: String, to recipients: [String], text: String, extraHeaders: [String] = []
    ) -> [UInt8] {
        var headers = [
            "From: Care Coordination <\(sender)>",
            "To: " + recipients.map { "<\($0)>" }.joined(separator: ", "),
            "Subject: Referral follow-up",
            "Date: Tue, 14 Oct 2025 09:12:44 -0400",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=us-ascii",
            "Content-Transfer-Encoding: 7bit",
        ]
        headers.insert(contentsOf: extraHeaders, at: 3)
        let body = text.replacingOccurrences(of: "\n", with: "\r\n")
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// Sends the referral to `recipients` and returns the site and the delivery attempts
    /// of the original and its `copies`.
    func sendReferral(_ messageID: String, to recipients: [String], copies: Int = 0) throws
        -> (SendingSite, [PostfixLog.Delivery])
    {
        let site = try SendingSite.get()
        try site.send(
            MilterDeliveryTests.message(
                messageID, to: recipients, text: MilterDeliveryTests.referral),
            from: MilterDeliveryTests.sender, to: recipients)
        return (site, try site.deliveries(messageID: messageID, queues: 1 + copies))
    }

    @Test func referralFixtureContainsPHI() {
        #expect(MilterDeliveryTests.referral.contains("SSN: 643-28-1590"))
    }

    // MARK: - One path per message

    @Test func phiToStartTLSDomainIsEnforced() throws {
        let (site, deliveries) = try sendReferral(
            "phi-tls@clinic.example", to: ["enforce@tls.example"])

        #expect(deliveries.count == 1, "\(deliveries)")
        let delivery = try #require(deliveries.first)
        #expect(delivery.recipient == "<enforce@tls.example>")
        // tls.example has an MTA-STS policy in enforce mode, so the level is verify.
        #expect(delivery.service == "postfix/tlsguard-enforce-verify/smtp")
        #expect(delivery.status == "sent")
        #expect(
            delivery.tls?.contains("Verified TLS connection established to tls.example") == true)

        let remoteID = try #require(delivery.remoteQueueID)
        let received = try #require(site.receivedBy(queueID: remoteID))
        #expect(received.service == "recipient-tls/smtpd")
        #expect(received.tls?.contains("TLS connection established from") == true)

        let decisions = site.milter.logLines(
            containing: "recipient decision", "to=<enforce@tls.example>")
        #expect(decisions.count == 1)
        #expect(decisions.first?.contains("action=enforce_tls") == true)
        #expect(decisions.first?.contains("assurance=verified") == true)
    }

    @Test func phiToNoTLSDomainGoesToGateway() throws {
        let messageID = "phi-notls@clinic.example"
        let (site, deliveries) = try sendReferral(messageID, to: ["redirect@notls.example"])

        #expect(deliveries.count == 1, "\(deliveries)")
        let delivery = try #require(deliveries.first)
        #expect(delivery.recipient == "<\(SendingSite.gatewayRecipient)>")
        #expect(delivery.status == "sent")
        #expect(delivery.line.contains("relay=gateway.example.net[\(SendingSite.gatewayAddress)]"))

        let atGateway = site.messages(in: site.gateway, messageID: messageID)
        #expect(atGateway.count == 1)
        let copy = try #require(atGateway.first)
        #expect(copy.contains("X-Rcpt-Args: <\(SendingSite.gatewayRecipient)>"))
        #expect(copy.contains("X-TLSGuard-Original-Recipients: <redirect@notls.example>"))
        #expect(MilterDeliveryTests.body(ofSinkMessage: copy) == MilterDeliveryTests.referral)
        #expect(site.recipientLog.queueIDs(messageID: messageID).isEmpty)

        let decisions = site.milter.logLines(
            containing: "recipient decision", "to=<redirect@notls.example>")
        #expect(decisions.first?.contains("action=redirect") == true)
        #expect(decisions.first?.contains("assurance=none") == true)
    }

    @Test func recipientWithCertificateGetsSMIME() throws {
        let messageID = "phi-smime@clinic.example"
        let (site, deliveries) = try sendReferral(messageID, to: ["alice@smime.example"])

        #expect(deliveries.count == 1, "\(deliveries)")
        #expect(deliveries.first?.recipient == "<alice@smime.example>")
        #expect(deliveries.first?.status == "sent")

        let received = site.messages(in: site.smime, messageID: messageID)
        #expect(received.count == 1)
        let encrypted = try #require(received.first)
        #expect(encrypted.contains("application/pkcs7-mime"))
        #expect(!encrypted.contains("643-28-1590"))
        let decrypted = try MilterDeliveryTests.decrypt(encrypted, site: site, name: "alice")
        #expect(decrypted.body == MilterDeliveryTests.referral)
        #expect(decrypted.headers.contains("Content-Type: text/plain; charset=us-ascii"))
    }

    @Test func nonPHIToNoTLSDomainIsDeliveredNormally() throws {
        let site = try SendingSite.get()
        let messageID = "notice-notls@clinic.example"
        let recipients = ["plain@notls.example"]
        try site.send(
            MilterDeliveryTests.message(
                messageID, to: recipients, text: MilterDeliveryTests.notice),
            from: MilterDeliveryTests.sender, to: recipients)
        let deliveries = try site.deliveries(messageID: messageID, queues: 1)

        #expect(deliveries.count == 1, "\(deliveries)")
        let delivery = try #require(deliveries.first)
        #expect(delivery.recipient == "<plain@notls.example>")
        #expect(delivery.service == "postfix/smtp")
        #expect(delivery.status == "sent")
        #expect(delivery.tls == nil)
        let remoteID = try #require(delivery.remoteQueueID)
        #expect(site.receivedBy(queueID: remoteID)?.service == "recipient-notls/smtpd")
        #expect(site.messages(in: site.gateway, messageID: messageID).isEmpty)
        #expect(
            site.milter.logLines(containing: "recipient decision", "to=<plain@notls.example>")
                .isEmpty)
    }

    /// A client that sends a sensitive message and then a plain one in the same SMTP
    /// session: the second is decided on its own content.
    @Test func secondMessageOfSessionIsDecidedApart() throws {
        let site = try SendingSite.get()
        let sensitiveID = "session-phi@clinic.example"
        let plainID = "session-notice@clinic.example"
        let sensitive = ["session@tls.example", "session@notls.example"]
        let plain = ["session-plain@notls.example"]
        let codes = try site.session(
            [
                (
                    MilterDeliveryTests.message(
                        sensitiveID, to: sensitive, text: MilterDeliveryTests.referral),
                    sensitive
                ),
                (
                    MilterDeliveryTests.message(
                        plainID, to: plain, text: MilterDeliveryTests.notice), plain
                ),
            ], from: MilterDeliveryTests.sender)
        #expect(codes == [250, 250])

        let first = try site.deliveries(messageID: sensitiveID, queues: 2)
        #expect(first.map(\.recipient).sorted() == [
            "<\(SendingSite.gatewayRecipient)>", "<session@tls.example>",
        ])
        let second = try site.deliveries(messageID: plainID, queues: 1)
        #expect(second.count == 1, "\(second)")
        #expect(second.first?.recipient == "<session-plain@notls.example>")
        #expect(second.first?.service == "postfix/smtp")
        #expect(second.first?.status == "sent")
        #expect(site.messages(in: site.gateway, messageID: plainID).isEmpty)
    }

    /// A hold applies to the whole message: Postfix keeps it in the hold queue and no
    /// recipient, not even the one with verified TLS, gets a copy.
    @Test func holdKeepsWholeMessageInHoldQueue() throws {
        let site = try SendingSite.get()
        let messageID = "phi-hold@clinic.example"
        let recipients = ["hold@tls.example", "hold@held.example"]
        try site.send(
            MilterDeliveryTests.message(
                messageID, to: recipients, text: MilterDeliveryTests.referral),
            from: MilterDeliveryTests.sender, to: recipients)

        let heldID = try site.heldQueueID(messageID: messageID)
        #expect(try site.queue()[heldID] == "hold")
        #expect(site.log.queueIDs(messageID: messageID) == [heldID])
        #expect(site.log.deliveries(queueIDs: [heldID]).isEmpty)
        try OutboundServers.check(
            TestProcess.run(["postsuper", "-c", site.postfix, "-d", heldID, "hold"]))
    }

    @Test func rejectRefusesMessageWithConfiguredReply() throws {
        let site = try SendingSite.get()
        let messageID = "phi-reject@clinic.example"
        let recipients = ["reject@refused.example"]
        #expect {
            try site.send(
                MilterDeliveryTests.message(
                    messageID, to: recipients, text: MilterDeliveryTests.referral),
                from: MilterDeliveryTests.sender, to: recipients)
        } throws: { error in
            "\(error)".contains("'550 5.7.1 The recipient's mail server cannot receive")
        }
        let rejected = try site.milterRejection(messageID: messageID)
        #expect(rejected.contains(": 5.7.1 "), "\(rejected)")
        #expect(site.log.deliveries(queueIDs: site.log.queueIDs(messageID: messageID)).isEmpty)
    }

    // MARK: - Split

    @Test func mixedRecipientsGetOneCopyEach() throws {
        let messageID = "phi-split@clinic.example"
        let (site, deliveries) = try sendReferral(
            messageID,
            to: [
                "split@tls.example", "split@notls.example", "split@expired.example",
                "alice@smime.example",
            ], copies: 3)

        #expect(deliveries.count == 4, "\(deliveries)")
        let byRecipient = Dictionary(grouping: deliveries, by: \.recipient)
        #expect(byRecipient.values.allSatisfy { $0.count == 1 }, "\(deliveries)")
        #expect(byRecipient["<split@notls.example>"] == nil)

        let verified = try #require(byRecipient["<split@tls.example>"]?.first)
        #expect(verified.service == "postfix/tlsguard-enforce-verify/smtp")
        #expect(verified.status == "sent")
        #expect(verified.tls?.contains("Verified TLS connection") == true)

        // The expired certificate does not verify, but the server does STARTTLS: encrypt.
        let encrypted = try #require(byRecipient["<split@expired.example>"]?.first)
        #expect(encrypted.service == "postfix/tlsguard-enforce/smtp")
        #expect(encrypted.status == "sent")
        #expect(encrypted.tls?.contains("Untrusted TLS connection") == true)

        #expect(byRecipient["<\(SendingSite.gatewayRecipient)>"]?.first?.status == "sent")
        let atGateway = site.messages(in: site.gateway, messageID: messageID)
        #expect(atGateway.count == 1)
        #expect(
            atGateway.first?.contains(
                "X-TLSGuard-Original-Recipients: <split@notls.example>\n") == true)
        #expect(atGateway.first?.contains("X-TLSGuard-Route") == false)
        // Copies carry the header changes of the other plugins too.
        #expect(atGateway.first?.contains("\nX-TLSGuard-PHI: yes") == true)

        #expect(byRecipient["<alice@smime.example>"]?.first?.status == "sent")
        let atSMIME = site.messages(in: site.smime, messageID: messageID)
        #expect(atSMIME.count == 1)
        #expect(atSMIME.first?.contains("application/pkcs7-mime") == true)
        #expect(atSMIME.first?.contains("643-28-1590") == false)
        #expect(atSMIME.first?.contains("\nX-TLSGuard-PHI: yes") == true)

        let receivers = site.recipientLog.queueIDs(messageID: messageID).compactMap {
            site.receivedBy(queueID: $0)?.service
        }
        #expect(receivers.sorted() == ["recipient-expired/smtpd", "recipient-tls/smtpd"])
    }

    /// A body above the daemon's memory limit is read from its spool file for the copies
    /// and for S/MIME, and the spool file is gone once the message is done.
    @Test func spooledBodyReachesEveryPath() throws {
        let messageID = "phi-spooled@clinic.example"
        let filler = (1...3_000).map { "Lab panel line \($0): value within reference range.\n" }
        let text = MilterDeliveryTests.referral + filler.joined()
        #expect(text.utf8.count > 2 * SendingSite.bodyMemoryLimit)
        let site = try SendingSite.get()
        let recipients = ["big@tls.example", "big@notls.example", "alice@smime.example"]
        try site.send(
            MilterDeliveryTests.message(messageID, to: recipients, text: text),
            from: MilterDeliveryTests.sender, to: recipients)
        let deliveries = try site.deliveries(messageID: messageID, queues: 3)

        #expect(deliveries.count == 3, "\(deliveries)")
        #expect(deliveries.allSatisfy { $0.status == "sent" }, "\(deliveries)")
        let atGateway = try #require(site.messages(in: site.gateway, messageID: messageID).first)
        #expect(MilterDeliveryTests.body(ofSinkMessage: atGateway) == text)
        let atSMIME = try #require(site.messages(in: site.smime, messageID: messageID).first)
        let decrypted = try MilterDeliveryTests.decrypt(atSMIME, site: site, name: "alice")
        #expect(decrypted.body == text)
        let spooled = try FileManager.default.contentsOfDirectory(atPath: site.spoolDirectory)
        #expect(spooled.isEmpty, "\(spooled)")
    }

    /// Sixty recipients without TLS: their addresses must reach the gateway intact, in the
    /// original message (folded by the milter) and in a copy (folded by the plugin).
    @Test(arguments: [false, true])
    func manyRedirectedRecipientsReachGatewayIntact(split: Bool) throws {
        let messageID = split ? "phi-many-split@clinic.example" : "phi-many@clinic.example"
        let redirected = (1...60).map { "patient-contact-\($0)@notls.example" }
        let (site, deliveries) = try sendReferral(
            messageID, to: (split ? ["many@tls.example"] : []) + redirected,
            copies: split ? 1 : 0)

        #expect(deliveries.count == (split ? 2 : 1), "\(deliveries)")
        let atGateway = site.messages(in: site.gateway, messageID: messageID)
        #expect(atGateway.count == 1)
        let copy = try #require(atGateway.first)
        let field = MilterDeliveryTests.unfoldedField("X-TLSGuard-Original-Recipients", in: copy)
        let listed = field?.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(listed == redirected.map { "<\($0)>" })
        let lines = copy.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
    }

    @Test func stoppedListenerTempfailsAndLosesNothing() throws {
        let site = try SendingSite.get()
        let messageID = "phi-tempfail@clinic.example"
        let recipients = ["kept@tls.example", "kept@notls.example"]
        let message = MilterDeliveryTests.message(
            messageID, to: recipients, text: MilterDeliveryTests.referral)

        let masterCF = try site.stopListener()
        var failure: (any Error)?
        do {
            try site.send(message, from: MilterDeliveryTests.sender, to: recipients)
        } catch {
            failure = error
        }
        try site.restoreListener(masterCF)

        let reply = try #require(failure.map { "\($0)" }, "the message was accepted")
        #expect(reply.contains("'451 "), "\(reply)")
        let rejected = try site.milterRejection(messageID: messageID)
        #expect(rejected.contains(": 4.3.0 "), "\(rejected)")
        let tempfailedIDs = site.log.queueIDs(messageID: messageID)
        #expect(site.log.deliveries(queueIDs: tempfailedIDs).isEmpty)
        #expect(site.messages(in: site.gateway, messageID: messageID).isEmpty)
        #expect(site.recipientLog.queueIDs(messageID: messageID).isEmpty)
        #expect(Set(try site.queue().keys).isDisjoint(with: tempfailedIDs))
        #expect(
            !site.milter.logLines(containing: "message tempfailed", "copy 1 was not accepted")
                .isEmpty)

        // The client retries once the listener is back: every recipient gets one copy.
        try site.send(message, from: MilterDeliveryTests.sender, to: recipients)
        let deliveries = try site.deliveries(messageID: messageID, queues: 3)
        #expect(deliveries.map(\.recipient).sorted() == [
            "<kept@tls.example>", "<\(SendingSite.gatewayRecipient)>",
        ])
        #expect(deliveries.allSatisfy { $0.status == "sent" }, "\(deliveries)")
        #expect(site.messages(in: site.gateway, messageID: messageID).count == 1)
    }

    /// A sender's `TLS-Required: No` must not reach any recipient of a sensitive message,
    /// because Postfix 3.10 and later would then relax TLS for it.
    @Test func tlsRequiredNoIsRemovedFromEveryCopy() throws {
        let site = try SendingSite.get()
        let messageID = "phi-relaxed@clinic.example"
        let recipients = ["relaxed@notls.example", "alice@smime.example"]
        try site.send(
            MilterDeliveryTests.message(
                messageID, to: recipients, text: MilterDeliveryTests.referral,
                extraHeaders: ["TLS-Required: No"]),
            from: MilterDeliveryTests.sender, to: recipients)
        let deliveries = try site.deliveries(messageID: messageID, queues: 2)

        #expect(deliveries.count == 2, "\(deliveries)")
        let atGateway = site.messages(in: site.gateway, messageID: messageID)
        let atSMIME = site.messages(in: site.smime, messageID: messageID)
        #expect(atGateway.count == 1)
        #expect(atSMIME.count == 1)
        for message in atGateway + atSMIME {
            let lines = message.lowercased().split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("tls-required:") }, "\(message)")
        }
        #expect(
            !site.milter.logLines(containing: "rule=auto_encrypt.tls_required_no").isEmpty)
    }

    // MARK: - Policy export

    @Test func policyExportFromDaemonCachePassesPostmap() throws {
        let (site, deliveries) = try sendReferral(
            "phi-export@clinic.example", to: ["export@tls.example", "export@expired.example"],
            copies: 1)
        #expect(deliveries.count == 2, "\(deliveries)")

        let table = site.directory + "/tlsguard_tls_policy"
        let export = try TestProcess.run([
            TLSGuardDaemon.executable, "policy", "export", "--postfix", "--config",
            site.milter.configPath, "--output", table,
        ])
        #expect(export.status == 0, "\(export.output)")
        let text = try String(contentsOfFile: table, encoding: .utf8)
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(entries.contains("tls.example secure match=mx.tls.example"), "\(text)")
        #expect(entries.contains("expired.example encrypt"), "\(text)")
        #expect(!entries.contains { $0.hasPrefix("notls.example ") }, "\(text)")

        let built = try TestProcess.run(["postmap", "-c", site.postfix, "hash:" + table])
        #expect(built.status == 0, "\(built.output)")
        let found = try TestProcess.run([
            "postmap", "-c", site.postfix, "-q", "tls.example", "hash:" + table,
        ])
        #expect(found.output == "secure match=mx.tls.example\n")
        let missing = try TestProcess.run([
            "postmap", "-c", site.postfix, "-q", "notls.example", "hash:" + table,
        ])
        #expect(missing.status == 1)
    }

    // MARK: - Helpers

    /// Returns the body of a message as `SMTPSink` wrote it, with LF line ends and without
    /// the empty line that smtp-sink writes after each message.
    static func body(ofSinkMessage message: String) -> String? {
        let text = message.replacingOccurrences(of: "\r\n", with: "\n")
        guard let split = text.range(of: "\n\n") else { return nil }
        let body = text[split.upperBound...]
        return String(body.hasSuffix("\n\n") ? body.dropLast() : body)
    }

    /// Returns the value of the first header field `name` in `message`, unfolded.
    static func unfoldedField(_ name: String, in message: String) -> String? {
        let lines = message.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + ":") }) else {
            return nil
        }
        var value = String(lines[start].dropFirst(name.count + 1))
        for line in lines[(start + 1)...] {
            guard line.first == " " || line.first == "\t" else { break }
            value += line
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// Decrypts a message from a sink with the key of `name` (alice or bob) and returns the
    /// decrypted entity's header block and its body with LF line ends.
    static func decrypt(_ message: String, site: SendingSite, name: String) throws
        -> (headers: String, body: String)
    {
        let path = site.directory + "/smime-\(UUID().uuidString.prefix(8)).eml"
        try message.write(toFile: path, atomically: true, encoding: .utf8)
        let certificates = site.servers.certificates
        let result = try TestProcess.run([
            "openssl", "cms", "-decrypt", "-in", path, "-recip", "\(certificates)/\(name).pem",
            "-inkey", "\(certificates)/\(name).key",
        ])
        guard result.status == 0 else {
            throw TestEnvironmentError("openssl cms -decrypt failed: \(result.output)")
        }
        let text = result.output.replacingOccurrences(of: "\r\n", with: "\n")
        guard let split = text.range(of: "\n\n") else {
            throw TestEnvironmentError("decrypted entity has no body: \(text)")
        }
        return (String(text[..<split.lowerBound]), String(text[split.upperBound...]))
    }
}
