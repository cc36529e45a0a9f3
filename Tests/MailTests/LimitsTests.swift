import Mail
import Testing

@Suite("Limits")
struct LimitsTests {
    static func nested(depth: Int) -> [UInt8] {
        var lines: [String] = []
        for level in 0..<depth {
            lines += ["Content-Type: multipart/mixed; boundary=b\(level)", "", "--b\(level)"]
        }
        lines += ["", "SSN 372-81-4096"]
        for level in (0..<depth).reversed() {
            lines.append("--b\(level)--")
        }
        return MessageBuilder.join(lines, with: "\r\n")
    }

    @Test func depthLimitStopsDescending() {
        var limits = MIMELimits()
        limits.maxDepth = 3
        let message = MessageParser.parse(message: Self.nested(depth: 10), limits: limits)
        #expect(message.parts.count == 5)
        #expect(message.parts.last?.scan == .notScanned(.depthLimit))
        #expect(message.problemKinds == [.depthLimit])
        #expect(message.hasUnscannedContent)
    }

    @Test func deepNestingWithinDefaultLimitIsParsed() {
        let message = MessageParser.parse(message: Self.nested(depth: 30))
        #expect(message.parts.count == 31)
        #expect(message.allText.contains("372-81-4096"))
        #expect(message.problems.isEmpty)
    }

    @Test func hostileNestingDoesNotCrash() {
        let message = MessageParser.parse(message: Self.nested(depth: 5000))
        #expect(message.parts.count == 34)
        #expect(message.problemKinds.contains(.depthLimit))
    }

    @Test func nestedMessagesCountTowardDepth() {
        var lines: [String] = []
        for _ in 0..<50 { lines += ["Content-Type: message/rfc822", ""] }
        lines.append("innermost")
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.parts.count == 34)
        #expect(message.problemKinds == [.depthLimit])
    }

    @Test func partLimitSkipsLaterParts() {
        var limits = MIMELimits()
        limits.maxParts = 4
        let parts = (1...10).map { "\r\npart \($0)" }
        let lines = MessageBuilder.multipart(boundary: "b", parts: parts)
        let message = MessageParser.parse(
            message: MessageBuilder.join(lines, with: "\r\n"), limits: limits)
        #expect(message.paths == ["1", "1.1", "1.2", "1.3"])
        #expect(message.problemKinds == [.partLimit])
        #expect(message.hasUnscannedContent)
    }

    @Test func headerLimitDropsFields() {
        var limits = MIMELimits()
        limits.maxHeaderFields = 3
        let lines = (1...6).map { "X-\($0): v" } + ["", "body"]
        let message = MessageParser.parse(
            message: MessageBuilder.join(lines, with: "\n"), limits: limits)
        #expect(message.headers.count == 3)
        #expect(message.problemKinds == [.headerLimit])
        #expect(message.text(of: "1").contains("body"))
    }

    @Test func decodedSizeLimitTruncatesView() {
        var limits = MIMELimits()
        limits.maxDecodedPartSize = 1000
        let body = String(repeating: "x", count: 5000) + " SSN 372-81-4096"
        let message = MessageParser.parse(message: MessageBuilder.lf("", body), limits: limits)
        #expect(message.parts[0].scan == .notScanned(.sizeLimit))
        #expect(message.parts[0].decodedSize == 5017)
        #expect(message.textViews(of: "1").last?.text.count == 1000)
        #expect(message.problemKinds == [.sizeLimit])
    }

    @Test func textBudgetCoversWholeMessage() {
        var limits = MIMELimits()
        limits.maxTextViewSize = 150_000
        let part = "\r\n" + String(repeating: "y", count: 100_000)
        let lines = MessageBuilder.multipart(boundary: "b", parts: [part, part, part])
        let message = MessageParser.parse(
            message: MessageBuilder.join(lines, with: "\r\n"), limits: limits)
        #expect(
            message.parts.map(\.scan) == [
                .container, .scanned, .notScanned(.sizeLimit),
                .notScanned(.sizeLimit),
            ])
        let kept = message.textViews.map(\.text.count).reduce(0, +)
        #expect(kept <= 150_000)
    }

    @Test func problemListIsCapped() {
        var limits = MIMELimits()
        limits.maxProblems = 5
        let parts = (1...20).map { _ in "Content-Transfer-Encoding: x-bad\r\n\r\nx" }
        let lines = MessageBuilder.multipart(boundary: "b", parts: parts)
        let message = MessageParser.parse(
            message: MessageBuilder.join(lines, with: "\r\n"), limits: limits)
        #expect(message.problems.count == 6)
        #expect(message.problems.last?.detail.contains("15 more problems") == true)
    }

    @Test func pieceOfLongLineIsNeverADelimiter() throws {
        let head = MessageBuilder.crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "")
        let parser = MessageStreamParser()
        parser.feed(head + Array(repeating: UInt8(ascii: "x"), count: 70_000))
        parser.feed(Array("--b\r\nstill the first part\r\n--b--\r\n".utf8))
        let message = try parser.finish(body: nil)
        #expect(message.paths == ["1", "1.1"])
        let text = message.text(of: "1.1")
        let endsWithTheLongLine = text.hasSuffix("xx--b\nstill the first part")
        #expect(endsWithTheLongLine, "text ends with \(text.suffix(40))")
    }

    @Test func veryLongLinesAreHandledInPieces() throws {
        let line = String(repeating: "A", count: 300_000)
        let bytes = MessageBuilder.crlf(
            "Content-Type: multipart/mixed; boundary=b", "", "--b",
            "Content-Type: application/octet-stream", "Content-Transfer-Encoding: base64", "", line,
            "--b", "", "after", "--b--")
        let file = try TemporaryFile(bytes)
        let message = try MessageParser.parse(contentsOfFile: file.path)
        #expect(message.paths == ["1", "1.1", "1.2"])
        #expect(message.parts[1].decodedSize == 225_000)
        #expect(message.text(of: "1.2") == "after")
    }
}

/// Inputs that would take minutes if a scan restarted from each occurrence; they must
/// finish like any other message of their size.
@Suite("Linear time on hostile input")
struct HostileInputTests {
    static let repeated = 50_000

    @Test(arguments: ["<!--", "<a<b", "<a x='", "<style>", "<!x", "</p"])
    func htmlWithUnterminatedMarkup(_ piece: String) {
        let html = String(repeating: piece, count: Self.repeated) + "SSN 372-81-4096"
        let text = HTMLTextExtractor.extract(Array(html.utf8))
        #expect(String(decoding: text, as: UTF8.self).contains("372-81-4096"))
    }

    @Test func vcardWithManySoftBreaks() {
        let body =
            "NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n"
            + String(repeating: "b=\r\n", count: Self.repeated)
        let message = MessageParser.parse(
            message: MessageBuilder.crlf("Content-Type: text/vcard", "", body + "c"))
        #expect(message.text(of: "1").contains("bbbc"))
    }

    @Test func foldedDirectoryLinesWithoutColon() {
        let body = "x=\r\n" + String(repeating: " y=\r\n", count: Self.repeated)
        let message = MessageParser.parse(
            message: MessageBuilder.crlf("Content-Type: text/calendar", "", body))
        #expect(message.parts[0].scan == .scanned)
    }

    @Test func manyEncodedWordStarts() {
        let value = String(repeating: "=?utf-8?q?", count: Self.repeated)
        let decoded = EncodedWordDecoder.decode(Array(value.utf8))
        #expect(decoded.text.count == value.count)
    }

    @Test func manyAngleBrackets() {
        let value = String(repeating: "<a@b, ", count: Self.repeated)
        #expect(AddressListParser.parse(Array(value.utf8)).count == Self.repeated)
    }
}
