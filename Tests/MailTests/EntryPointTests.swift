import Foundation
import Mail
import Testing

/// The milter path, the replay path, the file path and the incremental parser must give
/// the same result for the same message, whatever the chunking.
@Suite("Entry points agree")
struct EntryPointTests {
    static let files = [
        "B31.eml", "B32.eml", "B33.eml", "B37.eml", "B38.eml", "B41.eml", "B42.eml", "B49.eml",
        "p04_html_tags_between_digits.eml", "p08_forwarded_rfc822_mbi_claim.eml",
    ]

    @Test(arguments: files)
    func everyEntryPointGivesTheSameResult(_ file: String) throws {
        let bytes = try Fixtures.bytes("corpus/" + file)
        let reference = MessageParser.parse(message: bytes)
        let split = HeaderBlock.split(bytes)
        let body = Array(bytes[split.bodyOffset...])

        let milterMemory = try MessageParser.parse(headers: split.fields, body: .memory(body))
        expectSame(milterMemory, reference, "milter memory")

        let spool = try TemporaryFile(body)
        let milterFile = try MessageParser.parse(
            headers: split.fields, body: .file(path: spool.path, size: body.count))
        expectSame(milterFile, reference, "milter spool file")

        let whole = try TemporaryFile(bytes)
        let fromFile = try MessageParser.parse(contentsOfFile: whole.path)
        expectSame(fromFile, reference, "message file")
    }

    @Test(arguments: [1, 2, 3, 7, 4096, 65535])
    func chunkingDoesNotChangeResult(_ chunkSize: Int) throws {
        for file in Self.files {
            let bytes = try Fixtures.bytes("corpus/" + file)
            let reference = MessageParser.parse(message: bytes)
            let split = HeaderBlock.split(bytes)
            let body = Array(bytes[split.bodyOffset...])
            let parser = MessageStreamParser(headers: split.fields)
            var start = 0
            while start < body.count {
                let end = min(start + chunkSize, body.count)
                parser.feed(Array(body[start..<end]))
                start = end
            }
            let chunked = try parser.finish(body: .memory(body))
            expectSame(chunked, reference, "\(file) in chunks of \(chunkSize)")
        }
    }

    @Test func b41SplitCharacterDecodesWhole() throws {
        let bytes = try Fixtures.bytes("corpus/B41.eml")
        let split = HeaderBlock.split(bytes)
        let body = Array(bytes[split.bodyOffset...])
        #expect(body[65534] == 0xC3)
        #expect(body[65535] == 0xAB)
        let parser = MessageStreamParser(headers: split.fields)
        parser.feed(Array(body[..<65535]))
        parser.feed(Array(body[65535...]))
        let message = try parser.finish(body: nil)
        #expect(message.allText.contains("Zoë Example"))
        #expect(!message.allText.contains("\u{FFFD}"))
    }

    @Test func milterHeaderValuesWithLFFolds() throws {
        let headers = [
            HeaderField(name: "Subject", value: "=?utf-8?q?Zo=C3=AB?=\n\t=?utf-8?q?_Example?="),
            HeaderField(name: "Content-Type", value: "multipart/mixed;\n\tboundary=\"b\""),
        ]
        let body = MessageBuilder.crlf("--b", "", "SSN 372-81-4096", "--b--")
        let message = try MessageParser.parse(headers: headers, body: .memory(body))
        #expect(message.paths == ["1", "1.1"])
        #expect(message.text(of: "1").contains("Subject: Zoë Example"))
        #expect(message.text(of: "1.1").contains("372-81-4096"))
    }

    @Test func unreadableSpoolFileThrows() {
        #expect(throws: MailError.self) {
            try MessageParser.parse(
                headers: [], body: .file(path: "/nonexistent/tlsguard-spool", size: 10))
        }
    }

    @Test func errorMessageNamesFileAndFix() {
        let error = MailError.unreadableFile(path: "/x/y", errno: ENOENT)
        #expect(error.description.contains("/x/y"))
        #expect(error.description.contains("No such file"))
    }

    private func expectSame(_ got: ParsedMessage, _ want: ParsedMessage, _ label: String) {
        #expect(got.headers == want.headers, "\(label): headers")
        #expect(got.parts == want.parts, "\(label): parts")
        #expect(got.textViews == want.textViews, "\(label): text views")
        #expect(got.problems == want.problems, "\(label): problems")
        #expect(
            got.alternativeReadings.map(\.parts) == want.alternativeReadings.map(\.parts),
            "\(label): alternative readings")
    }
}

/// A file in the temporary directory, removed when the value is released.
final class TemporaryFile {
    let path: String

    init(_ bytes: [UInt8]) throws {
        path = NSTemporaryDirectory() + "tlsguard-mail-test-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
