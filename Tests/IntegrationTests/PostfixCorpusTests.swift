import Foundation
import Testing

/// Messages from the failure cases of other milters, passed through Postfix and the
/// scripted test milter; each must arrive with its header fields exactly as sent.
@Suite(.serialized, .enabled(if: TestEnvironment.canRunPostfix))
struct PostfixCorpusTests {
    func fixtureBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestEnvironment.fixture(name)))
    }

    /// Header fields of a fixture as the milter should see them: raw bytes, one leading
    /// space removed, continuation lines joined with LF.
    func expectedHeaders(_ message: [UInt8]) -> [(String, String)] {
        var fields: [(String, [UInt8])] = []
        var lines = message.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? Array(line.dropLast()) : Array(line)
        }[...]
        while let line = lines.popFirst(), !line.isEmpty {
            if line.first == 0x20 || line.first == 0x09, !fields.isEmpty {
                fields[fields.count - 1].1 += [0x0A] + line
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else { break }
            var value = Array(line[(colon + 1)...])
            if value.first == 0x20 { value.removeFirst() }
            fields.append((String(decoding: line[..<colon], as: UTF8.self), value))
        }
        return fields.map { ($0.0, $0.1.map { String(format: "%02x", $0) }.joined()) }
    }

    @Test(arguments: [
        ("B03.eml", "<>"), ("B04.eml", "<bob@example.com>"), ("B05.eml", "<bob@example.com>"),
        ("B22.eml", "<bob@example.com>"), ("B23.eml", "<bob@example.com>"),
    ])
    func fixturePassesUnchanged(name: String, sender: String) throws {
        let fixture = try PostfixFixture(.scripted)
        let message = try fixtureBytes(name)
        let reply = PostfixFixture.finalReply(try fixture.send(from: sender, message: message))
        #expect(reply?.code == 250, "\(String(describing: reply))")
        #expect(fixture.postfix.waitForDelivery(count: 1).count == 1)

        let report = try #require(fixture.milter.messageReports().first)
        #expect(report["sender"] as? String == sender)
        let seen = (report["headers"] as? [[String: String]] ?? []).map {
            ($0["name"] ?? "", $0["value_hex"] ?? "")
        }
        let expected = expectedHeaders(message)
        // Postfix adds Message-Id, Date and From when a local client leaves them out, and
        // the milter receives those after the message's own fields.
        #expect(Array(seen.prefix(expected.count)).map(\.0) == expected.map(\.0))
        #expect(Array(seen.prefix(expected.count)).map(\.1) == expected.map(\.1))
    }

    @Test func largeHeaderBlockWithThousandRecipients() throws {
        let fixture = try PostfixFixture(.scripted, settings: ["header_size_limit = 1048576"])
        let message = try fixtureBytes("B12.eml")
        let recipients = (1...1000).map { String(format: "<patient%04d@example.org>", $0) }
        let started = Date()
        let reply = PostfixFixture.finalReply(
            try fixture.send(
                to: recipients,
                message: message
                    + Array(
                        "".utf8)))
        #expect(reply?.code == 250, "\(String(describing: reply))")
        #expect(Date().timeIntervalSince(started) < 60)
        let delivered = fixture.postfix.waitForDelivery(count: 1, seconds: 60)
        #expect(delivered.first?.recipients.count == 1000)
        let report = try #require(fixture.milter.messageReports().first)
        #expect((report["recipients"] as? [String])?.count == 1000)
        let seen = (report["headers"] as? [[String: String]] ?? []).map { $0["name"] ?? "" }
        #expect(seen == expectedHeaders(message).map(\.0))
    }

    @Test func localSubmissionIsNeverRefusedAtRecipient() throws {
        let fixture = try PostfixFixture(.scripted)
        let message = try Data(contentsOf: TestEnvironment.fixture("B26.eml"))
        for sender in ["bob@example.com", ""] {
            let result = try runCommand(
                "/usr/sbin/sendmail",
                [
                    "-C", fixture.postfix.directory.appendingPathComponent("etc").path, "-f",
                    sender,
                    "carol@example.org",
                ],
                input: message)
            #expect(result.status == 0, "\(result.output)")
        }
        let delivered = fixture.postfix.waitForDelivery(count: 2, seconds: 90)
        #expect(delivered.count == 2)
        let reports = fixture.milter.messageReports()
        #expect(reports.count == 2)
        // Postfix simulates the SMTP stages for local submission: client localhost with
        // address 127.0.0.1, HELO localhost, and envelope addresses without brackets.
        for report in reports {
            #expect(report["client_hostname"] as? String == "localhost")
            #expect(report["helo"] as? String == "localhost")
            #expect(report["recipients"] as? [String] == ["carol@example.org"])
            #expect(report["tls"] as? String == "none")
        }
        #expect(Set(reports.compactMap { $0["sender"] as? String }) == ["bob@example.com", ""])
    }
}
