import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Tests that drive the scripted test milter over the milter protocol, with no MTA.
@Suite struct ProtocolTests {
    let milter: MilterProcess

    init() throws {
        milter = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("wire"))
    }

    func client() throws -> MilterWireClient {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.open(tls: true)
        return client
    }

    func action(_ text: String) -> (String, [UInt8]) {
        ("X-Test-Action", Array((" " + text).utf8))
    }

    func lastReport() throws -> [String: Any] {
        TestEnvironment.waitUntil(seconds: 5) { !milter.messageReports().isEmpty }
        return try #require(milter.messageReports().last)
    }

    @Test func negotiationGrantsActionsAndMacros() throws {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.negotiate()
        #expect(client.grantedActions == 0x1FF)
        #expect(client.grantedSteps & 0x0010_0000 != 0, "SMFIP_HDR_LEADSPC requested")
        #expect(client.grantedSteps & 0x80 != 0, "no reply to headers")
        #expect(client.grantedSteps & 0x8_0000 != 0, "no reply to body chunks")
        #expect(client.requestedMacros[1]?.contains("{tls_version}") == true)
        #expect(client.requestedMacros[2]?.contains("{cipher}") == true)
        #expect(client.requestedMacros[3]?.contains("i") == true)
    }

    @Test func sessionRecordsConnectionFacts() throws {
        let client = try client()
        let result = try client.sendMessage(
            from: ["<bob@example.com>", "SIZE=123", "BODY=8BITMIME"],
            to: [
                ["<carol@example.org>", "NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;carol@example.org"]
            ],
            headers: [("Subject", Array(" hi".utf8))])
        #expect(result.final.command == "a")
        let report = try lastReport()
        #expect(report["client_hostname"] as? String == "mail.example.com")
        #expect(report["client_address"] as? String == "192.0.2.66")
        #expect(report["helo"] as? String == "mail.example.com")
        #expect(report["queue_id"] as? String == "4TESTQ1")
        #expect(report["tls"] as? String == "TLSv1.3 TLS_AES_256_GCM_SHA384")
        #expect(report["sender"] as? String == "<bob@example.com>")
        #expect(report["sender_args"] as? [String] == ["SIZE=123", "BODY=8BITMIME"])
        #expect(report["recipients"] as? [String] == ["<carol@example.org>"])
        #expect(
            report["recipient_args"] as? [[String]]
                == [["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;carol@example.org"]])
        let macros = try #require(report["macros"] as? [String: String])
        #expect(macros["j"] == "mx1.example.net")
        #expect(macros["cipher_bits"] == "256")
        #expect(macros["i"] == "4TESTQ1")
    }

    @Test(arguments: [
        ("6", "2001:db8:1::25", "IPv6:2001:db8:1::25"),
        ("L", "/var/run/client.sock", "unix:/var/run/client.sock"),
        ("U", "", "none"),
    ])
    func clientAddressFamilies(family: String, address: String, expected: String) throws {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.negotiate()
        let reply = try client.connect(
            host: "localhost", family: Character(family), address: address)
        #expect(reply.command == "c")
        _ = try client.helo("localhost")
        _ = try client.sendMessage(headers: [("Subject", Array(" x".utf8))])
        let report = try lastReport()
        #expect(report["client_address"] as? String == expected)
    }

    @Test func headerValuesArriveExactly() throws {
        let client = try client()
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000)
        let headers: [(String, [UInt8])] = [
            ("Subject", Array("   three spaces before text".utf8)),
            ("X-Tab", Array("\ttab first".utf8)),
            ("X-NoSpace", Array("no space".utf8)),
            ("Message-ID", Array("\n <b08.1@mail.example.com>".utf8)),
            ("X-Empty", []),
            ("X-Eight-Bit", [0x20, 0xC3, 0xA9, 0xFF, 0x80]),
            ("X-Long", [0x20] + long),
        ]
        _ = try client.sendMessage(headers: headers)
        let report = try lastReport()
        let stored = try #require(report["headers"] as? [[String: String]])
        let hex = stored.map { $0["value_hex"] ?? "" }
        #expect(stored.map { $0["name"] ?? "" } == headers.map(\.0))
        #expect(hex[0] == hexString("  three spaces before text"))
        #expect(hex[1] == hexString("\ttab first"))
        #expect(hex[2] == hexString("no space"))
        #expect(hex[3] == hexString("\n <b08.1@mail.example.com>"))
        #expect(hex[4] == "")
        #expect(hex[5] == "c3a9ff80")
        #expect(hex[6].count == 20_000)
    }

    @Test func addedHeaderGetsOneLeadingSpace() throws {
        let client = try client()
        let result = try client.sendMessage(headers: [action("add X-PHI-Scan verdict=phi")])
        let added = try #require(result.modifications("h").first)
        #expect(added.text == "X-PHI-Scan| verdict=phi|")
    }

    @Test func injectedLineBreaksAreNeutralised() throws {
        let client = try client()
        let result = try client.sendMessage(headers: [
            action(#"add X-Copied results\r\nX-PHI-Verdict: clean\n\n  \nend\0x"#)
        ])
        let added = try #require(result.modifications("h").first)
        #expect(added.text == "X-Copied| results\n\tX-PHI-Verdict: clean\n\tendx|")
        #expect(!added.data.contains(0x0D))
    }

    @Test func longAddedValueIsFolded() throws {
        let client = try client()
        let words = (1...60).map { "finding\($0)" }.joined(separator: ",")
            .replacingOccurrences(of: ",", with: ", ")
        let result = try client.sendMessage(headers: [action("add X-PHI-Findings " + words)])
        let value = try #require(result.modifications("h").first).data
        let lines = value.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.count > 1)
        for (index, line) in lines.enumerated() {
            #expect(line.count <= 78)
            if index > 0 { #expect(line.first == 0x20 || line.first == 0x09) }
        }
    }

    @Test func headerChangesUseNameAndIndex() throws {
        let client = try client()
        let result = try client.sendMessage(headers: [
            ("Subject", Array(" first".utf8)), ("Subject", Array(" second".utf8)),
            action("change Subject 1 [PHI] first"), action("delete Subject 2"),
            action("insert 0 X-First top"),
        ])
        #expect(
            result.modifications("m").map(\.data) == [
                Array([0, 0, 0, 1]) + Array("Subject".utf8) + [0] + Array(" [PHI] first".utf8) + [
                    0
                ],
                Array([0, 0, 0, 2]) + Array("Subject".utf8) + [0, 0],
            ])
        #expect(
            result.modifications("i").first?.data == Array([0, 0, 0, 0])
                + Array("X-First| top|".utf8).map { $0 == UInt8(ascii: "|") ? 0 : $0 })
        #expect(result.final.command == "a")
    }

    @Test func changeAtIndexZeroTempfails() throws {
        let client = try client()
        let result = try client.sendMessage(headers: [action("change Subject 0 x")])
        #expect(result.final.command == "y")
        #expect(result.final.text.hasPrefix("451 4.3.0"))
        #expect(result.modifications.isEmpty)
    }

    @Test func recipientAndSenderChanges() throws {
        let client = try client()
        let result = try client.sendMessage(
            to: [
                ["<\"dr. alice\"@example.org>"], ["<\"a b\"@example.org>"],
                ["<Carol@Example.ORG>", "NOTIFY=SUCCESS,FAILURE"], ["<external@example.com>"],
            ],
            headers: [
                action("delrcpt-domain example.org"),
                action("addrcpt <compliance@example.org>"),
                action("addrcpt <audit@example.org> NOTIFY=NEVER"),
                action("chgfrom <bounce@example.net>"),
            ])
        #expect(
            result.modifications("-").map(\.text) == [
                "<\"dr. alice\"@example.org>|", "<\"a b\"@example.org>|", "<Carol@Example.ORG>|",
            ])
        #expect(result.modifications("+").map(\.text) == ["<compliance@example.org>|"])
        #expect(result.modifications("2").map(\.text) == ["<audit@example.org>|NOTIFY=NEVER|"])
        #expect(result.modifications("e").map(\.text) == ["<bounce@example.net>|"])
    }

    @Test func bodyIsReplaced() throws {
        let client = try client()
        let result = try client.sendMessage(headers: [action("body replaced body")])
        #expect(result.modifications("b").map(\.text) == ["replaced body"])
    }

    @Test func quarantineThenAccept() throws {
        let client = try client()
        let reason = "PHI over cleartext: policy 7 " + String(repeating: "é", count: 600)
        let result = try client.sendMessage(headers: [action("quarantine " + reason)])
        let quarantine = try #require(result.modifications("q").first)
        #expect(quarantine.text.hasPrefix("PHI over cleartext: policy 7 ??"))
        #expect(quarantine.data.count == 256, "255 octets and the NUL")
        #expect(result.final.command == "a")
    }

    @Test func quarantineWithoutCapabilityTempfails() throws {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.negotiate(actions: 0x1FF & ~0x20)
        _ = try client.connect(host: "mail.example.com")
        _ = try client.helo("mail.example.com")
        let result = try client.sendMessage(headers: [action("quarantine policy 7")])
        #expect(client.grantedActions & 0x20 == 0)
        #expect(result.modifications("q").isEmpty)
        #expect(result.final.command == "y")
        #expect(result.final.text.hasPrefix("451 4.3.0"))
        #expect(milter.log.contains("quarantine"))
    }

    @Test(arguments: [
        ("reject 550 5.7.1 PHI detected: 100% match", "550 5.7.1 PHI detected: 100%% match"),
        ("tempfail 451 4.7.1 try later", "451 4.7.1 try later"),
        (
            "reject-lines 550 5.7.1 one|two|three",
            "550-5.7.1 one\r\n550-5.7.1 two\r\n550 5.7.1 three"
        ),
    ])
    func replyTextReachesMTA(actionText: String, expected: String) throws {
        let client = try client()
        let result = try client.sendMessage(headers: [action(actionText)])
        #expect(result.final.command == "y")
        #expect(result.final.text == expected + "|")
    }

    @Test func mismatchedReplyClassTempfails() throws {
        let client = try client()
        let result = try client.sendMessage(headers: [action("reject 550 4.7.1 wrong class")])
        #expect(result.final.text.hasPrefix("451 4.3.0"))
        #expect(milter.log.contains("does not match"))
    }

    @Test func handlerErrorBecomesTempfail() throws {
        let client = try client()
        let result = try client.sendMessage(queueID: "4QERR1", headers: [action("throw")])
        #expect(result.final.command == "y")
        #expect(result.final.text.hasPrefix("451 4.3.0 "))
        let errorLines = milter.log.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errorLines.count == 1)
        #expect(errorLines.first?.hasPrefix("error: 4QERR1: tempfail stage=end_of_message") == true)
        let next = try client.sendMessage(headers: [("Subject", Array(" next".utf8))])
        #expect(next.final.command == "a", "the connection keeps working after the error")
    }

    @Test func recipientErrorTempfailsAtEndOfMessage() throws {
        let client = try client()
        _ = try client.mail(["<bob@example.com>"])
        try client.macros("R", [("i", "4RCPTERR")])
        let thrown = try client.rcpt(["<throw-rcpt@example.org>"])
        let rejected = try client.rcpt(["<reject-rcpt@example.org>"])
        let accepted = try client.rcpt(["<carol@example.org>"])
        #expect(thrown.command == "c", "an error never refuses the RCPT TO itself")
        #expect(rejected.text.hasPrefix("550 5.1.1"))
        #expect(accepted.command == "c")
        _ = try client.endOfHeaders()
        try client.body(Array("x\r\n".utf8))
        let result = try client.endOfMessage()
        #expect(result.final.text.hasPrefix("451 4.3.0"))
        #expect(result.modifications.isEmpty)
        #expect(milter.log.contains("error: 4RCPTERR: tempfail stage=rcpt_to"))
    }

    @Test func addedHeaderWithoutLeadingSpaceOption() throws {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.negotiate(steps: 0x1F_FFFF & ~0x10_0000)
        _ = try client.connect(host: "mail.example.com")
        _ = try client.helo("mail.example.com")
        let result = try client.sendMessage(headers: [
            ("Subject", Array("  two spaces left".utf8)), action("add X-PHI-Scan verdict=phi"),
        ])
        #expect(client.grantedSteps & 0x10_0000 == 0)
        #expect(result.modifications("h").first?.text == "X-PHI-Scan|verdict=phi|")
        let stored = try #require(try lastReport()["headers"] as? [[String: String]])
        #expect(stored.first?["value_hex"] == hexString("  two spaces left"), "kept as sent")
    }

    @Test func messageStateResetsBetweenMessages() throws {
        let client = try client()
        _ = try client.sendMessage(
            to: [["<first@example.org>"]], queueID: "4FIRST",
            headers: [("X-First", Array(" 1".utf8))])
        _ = try client.mail(["<bob@example.com>"])
        _ = try client.rcpt(["<aborted@example.org>"])
        try client.header("X-Aborted", Array(" 1".utf8))
        try client.abort()
        _ = try client.sendMessage(
            to: [["<second@example.org>"]], queueID: "4SECOND",
            headers: [("X-Second", Array(" 2".utf8))])
        try client.quit()
        TestEnvironment.waitUntil(seconds: 5) { milter.closeReports().count == 1 }
        let reports = milter.messageReports()
        #expect(reports.count == 2)
        let second = try #require(reports.last)
        #expect(second["recipients"] as? [String] == ["<second@example.org>"])
        #expect(
            (second["headers"] as? [[String: String]])?.map { $0["name"] ?? "" } == ["X-Second"])
        #expect(second["queue_id"] as? String == "4SECOND")
        #expect(second["message"] as? Int == 2, "handler state lives for the connection")
        #expect(second["message_count_before"] as? Int == 2, "one message and one abort")
        #expect(second["tls"] as? String == "TLSv1.3 TLS_AES_256_GCM_SHA384")
        #expect(milter.closeReports().first?["messages"] as? Int == 3)
    }

    @Test func nullSenderIsProcessed() throws {
        let client = try client()
        let result = try client.sendMessage(from: ["<>"], headers: [action("add X-Seen yes")])
        #expect(result.final.command == "a")
        #expect(result.modifications("h").count == 1)
        #expect(try lastReport()["sender"] as? String == "<>")
    }

    @Test func eightBitAndEmptyMacroPacketsAreAccepted() throws {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.negotiate()
        try client.send("D", [UInt8(ascii: "C")])
        try client.send("D", Array("Xfoo".utf8) + [0] + Array("bar".utf8) + [0])
        #expect(try client.connect(host: "mail.example.com").command == "c")
        try client.send("D", [UInt8(ascii: "H")])
        #expect(try client.helo("mail.example.com").command == "c")
        let result = try client.sendMessage(headers: [("Subject", Array(" x".utf8))])
        #expect(result.final.command == "a")
    }

    /// Macro packets whose string count is odd, so that the last name has no value:
    /// the label, the strings after the stage byte, and the `j` value then expected.
    /// The packet lengths keep each packet's buffer in another glibc size class than its
    /// list of string pointers (see `heapFiller`), except for the shortest packet.
    static let unpairedMacroPackets: [(String, [UInt8], String?)] = [
        ("name only", Array("j\0".utf8), nil),
        ("value without NUL", Array("j\0mail-gateway-01.internal.example.net".utf8), nil),
        ("three strings", Array("j\0x\0{client_addr}\0".utf8), "x"),
        (
            "five strings",
            Array(
                "{daemon_name}\0smtpd\0j\0mail-gateway-01.internal.example.net\0{client_addr}\0"
                    .utf8),
            "mail-gateway-01.internal.example.net"
        ),
    ]

    @Test(arguments: unpairedMacroPackets)
    func unpairedMacroNameIsIgnored(label: String, strings: [UInt8], expectedJ: String?) throws {
        let client = try MilterWireClient(unixPath: milter.socketPath)
        try client.negotiate()
        try client.send("D", heapFiller(forMacroStrings: strings))
        try client.send("D", [UInt8(ascii: "C")] + strings)
        #expect(try client.connect(host: "mail.example.com").command == "c", "\(label)")
        _ = try client.helo("mail.example.com")
        let result = try client.sendMessage(headers: [("Subject", Array(" x".utf8))])

        #expect(result.final.command == "a", "\(label)")
        let macros = try #require(try lastReport()["macros"] as? [String: String])
        #expect(macros["j"] == expectedJ, "\(label)")
        #expect(macros["client_addr"] == nil, "\(label): a name without a value is not saved")
        #expect(milter.log.contains("warning: NOQUEUE: macro ignored stage=connect"), "\(label)")
        #expect(milter.child?.isRunning == true, "\(label)")
    }

    /// Returns a macro packet of an unknown stage, which libmilter reads into a buffer and
    /// frees without effect. Its size makes glibc hand the freed buffer to the next macro
    /// list of `strings`. A read past the end of that list then finds 0x41 bytes rather
    /// than stale heap data, so code that reads past it crashes on every run.
    func heapFiller(forMacroStrings strings: [UInt8]) -> [UInt8] {
        let listBytes = (strings.filter { $0 == 0 }.count + 1) * 8
        return [UInt8(ascii: "X")] + [UInt8](repeating: 0x41, count: listBytes + 6)
    }

    @Test func randomMacroPacketsKeepMilterRunning() throws {
        var random = SplitMix64(seed: 0x5EED_2026)
        for _ in 0..<40 {
            let client = try MilterWireClient(unixPath: milter.socketPath)
            try client.negotiate()
            try client.send("D", [UInt8(ascii: "C")] + randomMacroStrings(&random))
            #expect(try client.connect(host: "mail.example.com").command == "c")
            try client.send("D", [UInt8(ascii: "H")] + randomMacroStrings(&random))
            #expect(try client.helo("mail.example.com").command == "c")
            try client.quit()
        }
        let client = try client()
        let result = try client.sendMessage(headers: [("Subject", Array(" x".utf8))])
        #expect(result.final.command == "a")
        #expect(milter.child?.isRunning == true)
    }

    /// Returns up to 60 random entries, about a third of them NUL bytes, with configured
    /// macro names mixed in so that lookups find some of them.
    func randomMacroStrings(_ random: inout SplitMix64) -> [UInt8] {
        let names = ["j", "{daemon_name}", "{client_addr}", "{tls_version}", "i"]
        var bytes: [UInt8] = []
        for _ in 0..<(random.next() % 60) {
            switch random.next() % 6 {
            case 0, 1: bytes.append(0)
            case 2: bytes += Array(names[Int(random.next() % 5)].utf8)
            default: bytes.append(UInt8(truncatingIfNeeded: random.next()))
            }
        }
        return bytes
    }

    @Test func garbagePeersDoNotHurtOthers() throws {
        let probe = try MilterWireClient(unixPath: milter.socketPath)
        try probe.sendRaw(Array("GET / HTTP/1.0\r\n\r\n".utf8))
        #expect(probe.isClosedByPeer(seconds: 5))

        _ = try MilterWireClient(unixPath: milter.socketPath)

        let zero = try MilterWireClient(unixPath: milter.socketPath)
        try zero.sendRaw([0, 0, 0, 0, UInt8(ascii: "B")])

        let client = try client()
        try client.send("B", [])
        let result = try client.sendMessage(headers: [("Subject", Array(" x".utf8))])
        #expect(result.final.command == "a")
        #expect(milter.child?.isRunning == true)
    }

    @Test func largeBodySpillsToFileAndIsRemoved() throws {
        let spillMilter = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("spill"),
            extraArguments: ["--body-memory-limit", "100000"])
        let client = try MilterWireClient(unixPath: spillMilter.socketPath)
        try client.open()
        var body: [UInt8] = []
        for line in 0..<40_000 { body += Array("filler line \(line) of the body\r\n".utf8) }
        let result = try client.sendMessage(headers: [("Subject", Array(" big".utf8))], body: body)
        #expect(result.final.command == "a")
        TestEnvironment.waitUntil(seconds: 5) { !spillMilter.messageReports().isEmpty }
        let report = try #require(spillMilter.messageReports().first)
        #expect(report["body_kind"] as? String == "file")
        #expect(report["body_size"] as? Int == body.count)
        #expect(report["body_file_size"] as? Int == body.count)
        #expect(report["body_hash"] as? String == fnv1a(body))
        let left = try FileManager.default.contentsOfDirectory(
            atPath: spillMilter.spoolDirectory.path)
        #expect(left.isEmpty, "spool file removed at end of message")

        _ = try client.mail(["<bob@example.com>"])
        _ = try client.rcpt(["<carol@example.org>"])
        _ = try client.endOfHeaders()
        try client.body(body)
        try client.abort()
        _ = try client.sendMessage(headers: [("Subject", Array(" small".utf8))])
        let afterAbort = try FileManager.default.contentsOfDirectory(
            atPath: spillMilter.spoolDirectory.path)
        #expect(afterAbort.isEmpty, "spool file removed after abort")
    }

    @Test func slowHandlerSendsProgress() throws {
        let slowMilter = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("slow"),
            extraArguments: ["--progress-interval-ms", "200"])
        let client = try MilterWireClient(unixPath: slowMilter.socketPath)
        try client.open()
        let result = try client.sendMessage(headers: [
            action("sleep 1.5"), action("add X-Done yes"),
        ])
        #expect(result.progressCount >= 4)
        #expect(result.final.command == "a")
        #expect(result.modifications("h").count == 1)
    }

    @Test func progressStopsAfterLimit() throws {
        let slowMilter = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("hung"),
            extraArguments: ["--progress-interval-ms", "100", "--max-progress-ms", "400"])
        let client = try MilterWireClient(unixPath: slowMilter.socketPath)
        try client.open()
        let result = try client.sendMessage(headers: [action("sleep 1.5")])
        #expect(result.progressCount >= 2)
        #expect(result.progressCount <= 5)
        #expect(result.final.command == "a", "the handler's result still counts")
        #expect(slowMilter.log.contains("progress stopped"))
    }

    @Test func headerLimitRejectsClearly() throws {
        let limited = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("limit"),
            extraArguments: ["--max-header-count", "5"])
        let client = try MilterWireClient(unixPath: limited.socketPath)
        try client.open()
        _ = try client.mail(["<bob@example.com>"])
        try client.macros("R", [("i", "4LIMIT")])
        _ = try client.rcpt(["<carol@example.org>"])
        for index in 0..<8 { try client.header("X-N", Array(" \(index)".utf8)) }
        let reply = try client.endOfHeaders()
        #expect(reply.command == "y")
        #expect(reply.text == "552 5.3.4 Message header too large|")
        #expect(
            limited.log.contains("warning: 4LIMIT: reject stage=end_of_headers status=header_limit")
        )
    }
}

func hexString(_ text: String) -> String {
    text.utf8.map { String(format: "%02x", $0) }.joined()
}

func fnv1a(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
}

/// A small deterministic random number generator (SplitMix64), so that a failing random
/// input can be replayed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
