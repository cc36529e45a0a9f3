import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// MilterKit inside a real Postfix, driven by the scripted test milter: message shapes,
/// per-message state, changes the MTA must apply, and a milter that dies mid-message.
@Suite(.serialized, .enabled(if: TestEnvironment.canRunPostfix))
struct PostfixScriptedTests {
    func action(_ text: String) -> String {
        "X-Test-Action: " + text
    }

    func basicHeaders(_ extra: [String] = []) -> [String] {
        ["From: bob@example.com", "To: carol@example.org", "Subject: test"] + extra
    }

    @Test func abortedMessageLeavesNothingBehind() throws {
        let fixture = try PostfixFixture(.scripted)
        let first = TestMessage.make(headers: basicHeaders([action("add X-From-First yes")]))
        let second = TestMessage.make(headers: basicHeaders())
        var aborted = try fixture.postfix.transaction(
            from: "<bob@example.com>", to: ["<aborted@example.org>"], message: first)
        aborted["abort"] = true
        let steps: [[String: Any]] = [
            ["starttls": true], aborted,
            try fixture.postfix.transaction(
                from: "<bob@example.com>", to: ["<second@example.org>"], message: second),
        ]
        let replies = try fixture.postfix.session(steps)
        #expect(replies[2].last?.code == 250)

        let delivered = fixture.postfix.waitForDelivery(count: 1)
        try #require(delivered.count == 1)
        #expect(delivered[0].recipients == ["<second@example.org>"])
        #expect(delivered[0].headers("X-From-First").isEmpty)
        let report = try #require(fixture.milter.messageReports().last)
        #expect(report["recipients"] as? [String] == ["<second@example.org>"])
        #expect(report["tls"] as? String != "none", "TLS facts survive the aborted message")
    }

    @Test func unusualMessagesPass() throws {
        let fixture = try PostfixFixture(
            .scripted, milterArguments: ["--body-memory-limit", "1048576"])
        var outcomes: [String: Int] = [:]

        var bigBody = ""
        for line in 0..<200_000 {
            bigBody += "line \(line) of a ten megabyte message, harmless filler\r\n"
        }
        let big = TestMessage.make(headers: basicHeaders(["X-Case: big"]), body: bigBody)
        outcomes["big"] = PostfixFixture.finalReply(try fixture.send(message: big))?.code

        let many = (1...500).map { "<patient\($0)@example.org>" }
        outcomes["recipients"] =
            PostfixFixture.finalReply(
                try fixture.send(
                    to: many,
                    message: TestMessage.make(headers: basicHeaders(["X-Case: recipients"]))))?.code

        let longLine = "X-Long: " + String(repeating: "x", count: 10_000)
        outcomes["long"] =
            PostfixFixture.finalReply(
                try fixture.send(
                    message: TestMessage.make(headers: basicHeaders(["X-Case: long", longLine]))))?
            .code

        let eightBit = TestMessage.make(
            rawHeaders: [
                Array("From: bob@example.com".utf8), Array("X-Case: eight-bit".utf8),
                Array("Subject: caf".utf8) + [0xC3, 0xA9, 0xFF],
            ],
            body: Array("body\r\n".utf8))
        outcomes["eight-bit"] = PostfixFixture.finalReply(try fixture.send(message: eightBit))?.code

        let empty = TestMessage.make(headers: [
            "From: bob@example.com", "X-Case: empty", "Subject:", "Keywords: ",
        ])
        outcomes["empty"] = PostfixFixture.finalReply(try fixture.send(message: empty))?.code

        outcomes["null-sender"] =
            PostfixFixture.finalReply(
                try fixture.send(
                    from: "<>",
                    message: TestMessage.make(headers: basicHeaders(["X-Case: null-sender"]))))?
            .code

        #expect(outcomes.values.allSatisfy { $0 == 250 }, "\(outcomes)")
        let delivered = fixture.postfix.waitForDelivery(count: 6, seconds: 60)
        #expect(delivered.count == 6)

        let reports = fixture.milter.messageReports()
        func report(_ name: String) -> [String: Any]? {
            reports.first { report in
                (report["headers"] as? [[String: String]])?.contains {
                    $0["name"] == "X-Case" && $0["value_hex"] == hexString(name)
                } == true
            }
        }
        let bigReport = try #require(report("big"))
        #expect(bigReport["body_kind"] as? String == "file")
        #expect(bigReport["body_hash"] as? String == fnv1a(Array(bigBody.utf8)))
        #expect((report("recipients")?["recipients"] as? [String])?.count == 500)
        let longValue = (report("long")?["headers"] as? [[String: String]])?.first {
            $0["name"] == "X-Long"
        }
        #expect(longValue?["value_hex"]?.count == 20_000)
        let subject = (report("eight-bit")?["headers"] as? [[String: String]])?.first {
            $0["name"] == "Subject"
        }
        #expect(subject?["value_hex"] == "636166c3a9ff")
        let emptyHeaders = report("empty")?["headers"] as? [[String: String]]
        #expect(emptyHeaders?.first { $0["name"] == "Subject" }?["value_hex"] == "")
        #expect(emptyHeaders?.first { $0["name"] == "Keywords" }?["value_hex"] == "")
        #expect(report("null-sender")?["sender"] as? String == "<>")
        let spool = try FileManager.default.contentsOfDirectory(
            atPath: fixture.milter.spoolDirectory.path)
        #expect(spool.isEmpty)
    }

    @Test func killedMilterFailsClosedAndRecovers() throws {
        let fixture = try PostfixFixture(.scripted)
        let slow = TestMessage.make(headers: basicHeaders([action("sleep 4")]))
        let results = SessionResults()
        let group = DispatchGroup()
        let postfix = fixture.postfix
        let step = try postfix.transaction(
            from: "<bob@example.com>", to: ["<carol@example.org>"], message: slow)
        let sendableStep = UncheckedBox(step)
        DispatchQueue.global().async(group: group) {
            results.store(try? postfix.session([sendableStep.value]))
        }
        TestEnvironment.waitUntil(seconds: 10) {
            fixture.milter.log.contains("end of message")
                || fixture.milter.messageReports().count == 1
        }
        fixture.milter.kill()
        group.wait()

        let reply = try #require(results.value?.last?.last)
        #expect((400..<500).contains(reply.code), "\(reply)")
        #expect(fixture.postfix.delivered().isEmpty)

        try fixture.milter.start()
        let after = TestMessage.make(headers: basicHeaders([action("add X-After-Restart yes")]))
        #expect(PostfixFixture.finalReply(try fixture.send(message: after))?.code == 250)
        let delivered = fixture.postfix.waitForDelivery(count: 1)
        #expect(delivered.count == 1)
        #expect(delivered.first?.headers("X-After-Restart") == ["X-After-Restart: yes"])
        #expect(fixture.postfix.queue().isEmpty, "nothing was queued unchecked")
    }

    @Test func restartDuringIdleSessionNeverSkipsCheck() throws {
        let fixture = try PostfixFixture(.scripted)
        let postfix = fixture.postfix
        let steps = UncheckedBox<[[String: Any]]>([
            try postfix.transaction(
                from: "<bob@example.com>", to: ["<carol@example.org>"],
                message: TestMessage.make(headers: basicHeaders([action("add X-Checked one")]))),
            ["sleep": 4],
            try postfix.transaction(
                from: "<bob@example.com>", to: ["<carol@example.org>"],
                message: TestMessage.make(headers: basicHeaders([action("add X-Checked two")]))),
        ])
        let results = SessionResults()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            results.store(try? postfix.session(steps.value))
        }
        #expect(postfix.waitForDelivery(count: 1).count == 1)
        fixture.milter.kill()
        try fixture.milter.start()
        group.wait()

        // Postfix either checks the second message with the restarted milter or refuses
        // it with milter_default_action (a 4xx at MAIL, RCPT or end of data). A refused
        // RCPT makes the following DATA fail with 503, so look at the first refusal.
        let second = try #require(results.value?.last)
        let accepted = second.last?.code == 250
        let delivered = postfix.waitForDelivery(count: accepted ? 2 : 1)
        if accepted {
            #expect(delivered.count == 2)
            #expect(
                delivered.last?.headers("X-Checked") == ["X-Checked: two"], "checked after restart")
        } else {
            let refusal = try #require(second.first { $0.code >= 400 })
            #expect((400..<500).contains(refusal.code), "\(second)")
            #expect(delivered.count == 1)
        }
    }

    @Test func longBodyLineArrivesWhole() throws {
        let fixture = try PostfixFixture(.scripted)
        let line = String(repeating: "QUJD", count: 27_500) + "\r\n"
        let body =
            "<html>" + String(repeating: "x", count: 100_000) + " SSN 372-81-4096</html>\r\n" + line
        let message = TestMessage.make(headers: basicHeaders(), body: body)
        #expect(PostfixFixture.finalReply(try fixture.send(message: message))?.code == 250)
        TestEnvironment.waitUntil(seconds: 10) { !fixture.milter.messageReports().isEmpty }
        let report = try #require(fixture.milter.messageReports().first)
        #expect(report["body_size"] as? Int == body.utf8.count)
        #expect(
            report["body_hash"] as? String == fnv1a(Array(body.utf8)), "no line was cut or wrapped")
    }

    @Test func headerChangesReachTheMessage() throws {
        let fixture = try PostfixFixture(.scripted)
        let message = TestMessage.make(headers: [
            "Subject: results for review", "From: bob@example.com", "To: carol@example.org",
            "Subject: second subject line", "Subject2:   three spaces before text",
            action("change Subject 1 [PHI] results for review"),
            action("delete Subject 2"),
            action("add X-PHI-Scan verdict=phi"),
            action(#"add X-Copied results\r\nX-PHI-Verdict: clean"#),
            action("insert 0 X-Inserted first"),
        ])
        #expect(PostfixFixture.finalReply(try fixture.send(message: message))?.code == 250)
        let delivered = try #require(fixture.postfix.waitForDelivery(count: 1).first)
        #expect(delivered.headers("Subject") == ["Subject: [PHI] results for review"])
        // Postfix 3.7 changes the first field in place: after the inserted field and
        // Postfix's own Received header.
        #expect(delivered.headerLines.firstIndex { $0.hasPrefix("Subject:") } == 2)
        #expect(delivered.headers("X-PHI-Scan") == ["X-PHI-Scan: verdict=phi"])
        #expect(delivered.headers("X-PHI-Verdict").isEmpty, "no injected header")
        #expect(delivered.headers("X-Copied") == ["X-Copied: results\n\tX-PHI-Verdict: clean"])
        #expect(delivered.headers("Subject2") == ["Subject2:   three spaces before text"])
        #expect(delivered.headers("X-Inserted") == ["X-Inserted: first"])
    }

    @Test func quarantinedMessageIsHeld() throws {
        let fixture = try PostfixFixture(.scripted)
        let message = TestMessage.make(
            headers: basicHeaders([action("quarantine PHI over cleartext: policy 7")]))
        #expect(PostfixFixture.finalReply(try fixture.send(message: message))?.code == 250)
        TestEnvironment.waitUntil(seconds: 10) { !fixture.postfix.queue().isEmpty }
        let queued = fixture.postfix.queue()
        #expect(queued.count == 1)
        #expect(queued.first?["queue_name"] as? String == "hold")
        // Postfix 3.7 logs that a milter asked for HOLD but not the reason it gave.
        #expect(fixture.postfix.maillog.contains("milter-hold: END-OF-MESSAGE"))
        #expect(fixture.postfix.delivered().isEmpty)
    }

    @Test func replyTextsReachTheClient() throws {
        let fixture = try PostfixFixture(.scripted)
        let percent = TestMessage.make(
            headers: basicHeaders([action("reject 550 5.7.1 PHI detected: 100% match")]))
        let percentReply = PostfixFixture.finalReply(try fixture.send(message: percent))
        #expect(percentReply?.code == 550)
        #expect(percentReply?.text == "5.7.1 PHI detected: 100% match")

        let lines = TestMessage.make(
            headers: basicHeaders([action("reject-lines 550 5.7.1 one|two|three")]))
        let linesReply = PostfixFixture.finalReply(try fixture.send(message: lines))
        #expect(linesReply?.code == 550)
        #expect(linesReply?.text == "5.7.1 one\n5.7.1 two\n5.7.1 three")

        let thrown = TestMessage.make(headers: basicHeaders([action("throw")]))
        let thrownReply = PostfixFixture.finalReply(try fixture.send(message: thrown))
        #expect(thrownReply?.code == 451)
        #expect(thrownReply?.text.hasPrefix("4.3.0 ") == true)
        #expect(fixture.postfix.delivered().isEmpty)
    }

    @Test func recipientChangesUseTheEnvelopeAsReceived() throws {
        let fixture = try PostfixFixture(.scripted)
        let recipients = [
            "<\"dr. alice\"@example.org>", "<\"a b\"@example.org>",
            "<Carol@Example.ORG> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;carol@example.org",
            "<external@example.com>", "<postmaster>",
        ]
        let message = TestMessage.make(
            headers: basicHeaders([
                action("delrcpt-domain example.com"), action("addrcpt <compliance@example.org>"),
            ]))
        #expect(
            PostfixFixture.finalReply(try fixture.send(to: recipients, message: message))?.code
                == 250)
        let delivered = try #require(fixture.postfix.waitForDelivery(count: 1).first)
        #expect(
            Set(delivered.recipients) == [
                "<\"dr. alice\"@example.org>", "<\"a b\"@example.org>", "<Carol@Example.ORG>",
                "<postmaster@mx.tlsguard.test>", "<compliance@example.org>",
            ])
    }

    @Test func sixHundredRemovalsAndOneAddition() throws {
        let fixture = try PostfixFixture(.scripted)
        let recipients = (1...600).map { String(format: "<user%03d@example.com>", $0) }
        let message = TestMessage.make(
            headers: basicHeaders([
                action("delrcpt-domain example.com"), action("addrcpt <compliance@example.org>"),
            ]))
        #expect(
            PostfixFixture.finalReply(try fixture.send(to: recipients, message: message))?.code
                == 250)
        let delivered = try #require(fixture.postfix.waitForDelivery(count: 1).first)
        #expect(delivered.recipients == ["<compliance@example.org>"])
    }
}

/// The result of an SMTP session run on another thread.
final class SessionResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[SMTPSession.Reply]]?

    func store(_ value: [[SMTPSession.Reply]]?) {
        lock.withLock { stored = value }
    }

    var value: [[SMTPSession.Reply]]? {
        lock.withLock { stored }
    }
}

/// Carries a value that is only read on the other thread, never shared.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
