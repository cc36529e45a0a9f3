import Engine
import Foundation
import Mail
import PluginAPI
import Testing

@Suite struct ReplaySourceTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "tlsguard-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func messages(_ paths: [String]) -> (messages: [ReplayMessage], errors: [ReplayInputError]) {
        var messages: [ReplayMessage] = []
        var errors: [ReplayInputError] = []
        ReplaySource(paths: paths).forEach { item in
            switch item {
            case .success(let message): messages.append(message)
            case .failure(let error): errors.append(error)
            }
        }
        return (messages, errors)
    }

    @Test func mboxSplitsAndUnquotesFromLines() throws {
        try write(
            "box.mbox",
            """
            From alice@example.com Mon Jan  1 00:00:00 2026
            Subject: one

            >From the start
            body one

            From bob@example.com Mon Jan  1 00:00:01 2026
            Subject: two

            body two

            """)
        let found = messages([directory + "/box.mbox"])
        #expect(found.errors.isEmpty)
        #expect(found.messages.map(\.index) == [1, 2])
        let first = String(decoding: try #require(found.messages.first).bytes, as: UTF8.self)
        #expect(first == "Subject: one\n\nFrom the start\nbody one\n")
        let second = String(decoding: try #require(found.messages.last).bytes, as: UTF8.self)
        #expect(second == "Subject: two\n\nbody two\n")
    }

    @Test func mboxKeepsFromLineInsideBody() throws {
        try write(
            "loose.mbox",
            "From a@example.com Mon Jan  1 00:00:00 2026\nSubject: one\n\nbody\n"
                + "From here on it is body text\n\nFrom b@example.com Mon Jan  1 00:00:01 2026\n"
                + "Subject: two\n\nx\n")
        let found = messages([directory + "/loose.mbox"])
        #expect(found.messages.count == 2)
        let first = String(decoding: try #require(found.messages.first).bytes, as: UTF8.self)
        #expect(first.contains("From here on it is body text"))
    }

    @Test func maildirReadsCurAndNewOnly() throws {
        try write("md/cur/1:2,S", "Subject: cur\n\nx\n")
        try write("md/new/2", "Subject: new\n\nx\n")
        try write("md/tmp/3", "Subject: tmp\n\nx\n")
        let found = messages([directory + "/md"])
        #expect(found.messages.count == 2)
        #expect(found.messages.allSatisfy { $0.index == nil })
        #expect(!found.messages.contains { $0.file.contains("/md/tmp/") })
    }

    @Test func directoryIsReadRecursivelyInOrder() throws {
        try write("tree/b.eml", "Subject: b\n\nx\n")
        try write("tree/a/c.eml", "Subject: c\n\nx\n")
        let found = messages([directory + "/tree"])
        #expect(found.messages.map { ($0.file as NSString).lastPathComponent } == ["c.eml", "b.eml"])
    }

    @Test func missingAndEmptyInputsAreNamedAndSkipped() throws {
        try write("empty.eml", "")
        try write("ok.eml", "Subject: ok\n\nx\n")
        let found = messages([directory + "/nosuch", directory + "/empty.eml", directory + "/ok.eml"])
        #expect(found.messages.count == 1)
        #expect(found.errors == [
            .notFound(path: directory + "/nosuch"), .empty(path: directory + "/empty.eml"),
        ])
    }

    func link(_ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/" + name, withDestinationPath: target)
    }

    func walk(_ path: String) -> (files: [String], loops: [ReplayDirectoryLoop]) {
        var files: [String] = []
        var loops: [ReplayDirectoryLoop] = []
        ReplaySource(paths: [path]).forEach(loop: { loops.append($0) }) { item in
            if case .success(let message) = item {
                files.append(String(message.file.dropFirst(path.count + 1)))
            }
        }
        return (files, loops)
    }

    @Test func linkBackToParentIsNotFollowed() throws {
        try write("loop/a.eml", "Subject: a\n\nx\n")
        try write("loop/sub/b.eml", "Subject: b\n\nx\n")
        try link("loop/sub/up", to: "../")
        let found = walk(directory + "/loop")
        #expect(found.files == ["a.eml", "sub/b.eml"])
        #expect(found.loops.map(\.path) == [directory + "/loop/sub/up"])
        #expect(found.loops.map(\.target) == [directory + "/loop"])
    }

    @Test func twoLinksBackEndWithoutRepeats() throws {
        try write("loops/a.eml", "Subject: a\n\nx\n")
        try link("loops/one", to: ".")
        try link("loops/two", to: ".")
        try write("loops/x/y/c.eml", "Subject: c\n\nx\n")
        try link("loops/x/y/top", to: "../..")
        let found = walk(directory + "/loops")
        #expect(found.files == ["a.eml", "x/y/c.eml"])
        #expect(found.loops.count == 3)
    }

    @Test func directoryReachedTwiceIsReadOnce() throws {
        try write("twice/real/a.eml", "Subject: a\n\nx\n")
        try link("twice/alias", to: "real")
        try link("twice/copy.eml", to: "real/a.eml")
        let found = walk(directory + "/twice")
        #expect(found.files == ["alias/a.eml"])
        #expect(found.loops.isEmpty)
    }
}

@Suite struct ReplayRunnerTests {
    let refuse = SMTPReply.constant(530, "5.7.0", "Must issue a STARTTLS command first")

    func runner(_ descriptors: [PluginDescriptor], options: ReplayOptions = ReplayOptions(),
        hop: DerivedHop? = nil) throws -> ReplayRunner
    {
        let harness = try EngineHarness(descriptors)
        return ReplayRunner(engine: harness.engine, options: options, deriveHop: { _ in hop })
    }

    static let message = ReplayMessage(
        file: "m.eml", index: nil,
        bytes: Array(
            """
            Received: from mail.example.com (mail.example.com [192.0.2.66])\r
            \tby mx1.example.net with ESMTPS; Mon, 1 Jan 2026 00:00:00 +0000\r
            Return-Path: <bounce@example.com>\r
            From: Alice <alice@example.com>\r
            To: Bob <bob@example.org>, carol@example.org\r
            Message-ID: <m1@example.com>\r
            \r
            Hello\r

            """.utf8))

    @Test func envelopeDerivedFromHeaders() throws {
        let hop = DerivedHop(
            clientAddress: "192.0.2.66", clientName: "mail.example.com",
            helo: "mail.example.com", tls: TLSFacts(version: "TLSv1.3"))
        let result = try runner(
            [TestPlugins.fixed("quiet", at: .connect, .continue)], hop: hop
        ).run(Self.message, queueID: "Q1")
        #expect(result.messageID == "<m1@example.com>")
        #expect(result.derived == ["client_addr", "client_name", "helo", "tls", "sender", "recipients"])
        let recipients = try #require(result.outcome).recipients.map(\.recipient)
        #expect(recipients == ["<bob@example.org>", "<carol@example.org>"])
    }

    @Test func givenFactsAreNotDerived() throws {
        var options = ReplayOptions()
        options.sender = "x@example.net"
        options.recipients = ["y@example.net"]
        options.noTLS = true
        options.clientAddress = "198.51.100.7"
        let result = try runner(
            [TestPlugins.fixed("quiet", at: .connect, .continue)], options: options
        ).run(Self.message, queueID: "Q1")
        #expect(result.derived.isEmpty)
        #expect(try #require(result.outcome).recipients.map(\.recipient) == ["<y@example.net>"])
    }

    @Test func recipientRefusedAtRcptShowsReject() throws {
        let result = try runner([
            TestPlugins.fixed("refuser", at: .rcptTo, .reject(refuse, rule: "refuser.rcpt"))
        ]).run(Self.message, queueID: "Q1")
        let outcome = try #require(result.outcome)
        #expect(outcome.verdict == .reject)
        #expect(outcome.reply == refuse)
        let actions: [RecipientAction] = outcome.recipients.map(\.action)
        #expect(actions == [.reject(refuse), .reject(refuse)])
    }

    @Test func rejectAtMailEndsTransaction() throws {
        let result = try runner([
            TestPlugins.fixed("refuser", at: .mailFrom, .reject(refuse, rule: "refuser.mail"))
        ]).run(Self.message, queueID: "Q1")
        #expect(result.outcome?.verdict == .reject)
    }

    @Test func headerlessInputIsReplayedAsBody() throws {
        let result = try runner([TestPlugins.fixed("quiet", at: .connect, .continue)]).run(
            ReplayMessage(
                file: "fragment.txt", index: nil,
                bytes: Array("Send submissions to\n\tlist@example.org\n".utf8)),
            queueID: "Q1")
        #expect(result.error == nil)
        #expect(result.outcome?.verdict == .accept)
        #expect(result.derived.contains("sender"))
    }
}
