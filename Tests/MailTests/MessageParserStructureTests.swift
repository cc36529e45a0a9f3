import Mail
import Testing

@Suite("MIME tree")
struct MessageParserStructureTests {
    @Test func singlePartMessage() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "From: Bob <bob@example.com>", "Subject: =?utf-8?q?Zo=C3=AB?=",
                "Content-Type: text/plain; charset=utf-8", "", "Hello, Zoë."))
        #expect(message.paths == ["1"])
        #expect(message.contentTypes == ["text/plain"])
        #expect(message.parts[0].scan == .scanned)
        #expect(message.parts[0].decodedSize == 14)
        #expect(message.headers.map(\.name) == ["From", "Subject", "Content-Type"])
        #expect(message.textViews.map(\.kind) == [.headers, .plain])
        #expect(message.text(of: "1").contains("Subject: Zoë"))
        #expect(message.text(of: "1").contains("Hello, Zoë."))
    }

    @Test(arguments: ["Subject: only headers\r\nTo: a@example.org", "Subject: only headers\n"])
    func headerOnlyMessageKeepsHeaders(_ text: String) throws {
        let message = MessageParser.parse(message: Array(text.utf8))
        #expect(message.headers.first?.name == "Subject")
        #expect(message.paths == ["1"])
        let file = try TemporaryFile(Array(text.utf8))
        let fromFile = try MessageParser.parse(contentsOfFile: file.path)
        #expect(fromFile.headers == message.headers)
    }

    @Test func emptyMessageHasOnePart() {
        let message = MessageParser.parse(message: [])
        #expect(message.paths == ["1"])
        #expect(message.headers.isEmpty)
        #expect(message.parts[0].scan == .scanned)
    }

    @Test func emptyAttachmentCountsAsScanned() {
        let lines = MessageBuilder.multipart(
            boundary: "b", parts: ["Content-Type: application/octet-stream\r\n"])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.parts.map(\.scan) == [.container, .scanned])
        #expect(!message.hasUnscannedContent)
    }

    @Test func missingContentTypeIsPlainText() {
        let message = MessageParser.parse(message: MessageBuilder.lf("Subject: x", "", "body"))
        #expect(message.contentTypes == ["text/plain"])
        #expect(message.parts[0].transferEncoding == "7bit")
        #expect(message.parts[0].charset == nil)
    }

    @Test func invalidContentTypeIsPlainTextAndReported() {
        let message = MessageParser.parse(
            message: MessageBuilder.lf("Content-Type: garbage", "", "x"))
        #expect(message.contentTypes == ["text/plain"])
        #expect(message.problemKinds == [.invalidContentType])
    }

    @Test func nestedPathsAreDepthFirst() {
        let inner = MessageBuilder.multipart(
            type: "alternative", boundary: "inner",
            parts: [
                "Content-Type: text/plain\r\n\r\nplain",
                "Content-Type: text/html\r\n\r\n<p>html</p>",
            ]
        ).joined(separator: "\r\n")
        let lines = MessageBuilder.multipart(
            boundary: "outer", parts: [inner, "Content-Type: text/csv\r\n\r\na,b"])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.paths == ["1", "1.1", "1.1.1", "1.1.2", "1.2"])
        #expect(
            message.contentTypes == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/csv",
            ])
        #expect(message.parts[0].scan == .container)
        #expect(message.text(of: "1.1.2") == "html\n")
        #expect(message.textViews(of: "1.2").first?.kind == .csv)
        #expect(message.problems.isEmpty)
    }

    @Test func attachedMessageIsParsedRecursively() {
        let attached = [
            "Content-Type: message/rfc822", "",
            "From: Dana <dana@example.com>", "Subject: inner subject",
            "Content-Type: text/plain", "", "inner body",
        ].joined(separator: "\r\n")
        let lines =
            ["From: outer@example.com", "Subject: outer subject"]
            + MessageBuilder.multipart(boundary: "b", parts: ["\r\ncover", attached])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.paths == ["1", "1.1", "1.2", "1.2.1"])
        #expect(
            message.contentTypes == [
                "multipart/mixed", "text/plain", "message/rfc822", "text/plain",
            ])
        #expect(message.parts[2].scan == .container)
        #expect(message.headers.first(named: "Subject")?.decodedValue() == "outer subject")
        #expect(message.text(of: "1.2.1").contains("Subject: inner subject"))
        #expect(message.text(of: "1.2.1").contains("inner body"))
        #expect(!message.text(of: "1").contains("inner subject"))
    }

    @Test func attachedMessageInBase64IsDecodedFirst() {
        let encoded = "U3ViamVjdDogaW5uZXIKClNTTiAzNzItODEtNDA5Ngo="
        let message = MessageParser.parse(
            message: MessageBuilder.lf(
                "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "", encoded))
        #expect(message.paths == ["1", "1.1"])
        #expect(message.text(of: "1.1").contains("SSN 372-81-4096"))
        #expect(message.text(of: "1.1").contains("Subject: inner"))
    }

    @Test func globalMessageWithUTF8Headers() {
        let message = MessageParser.parse(
            message: MessageBuilder.lf(
                "Content-Type: message/global", "", "Subject: Zoë Müller", "", "text"))
        #expect(message.contentTypes == ["message/global", "text/plain"])
        #expect(message.text(of: "1.1").contains("Subject: Zoë Müller"))
    }

    @Test func digestPartsDefaultToMessages() {
        let lines = MessageBuilder.multipart(
            type: "digest", boundary: "d",
            parts: ["\r\nSubject: one\r\n\r\nfirst", "\r\nSubject: two\r\n\r\nsecond"])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(
            message.contentTypes == [
                "multipart/digest", "message/rfc822", "text/plain", "message/rfc822", "text/plain",
            ])
        #expect(message.text(of: "1.2.1").contains("second"))
    }

    @Test func preambleAndEpilogueAreScanned() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=b", "", "preamble 372-81-4096",
            "--b", "", "part", "--b--", "epilogue 219-44-7310",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        let kinds = message.textViews(of: "1").map(\.kind)
        #expect(kinds.contains(.preamble))
        #expect(kinds.contains(.epilogue))
        #expect(message.allText.contains("372-81-4096"))
        #expect(message.allText.contains("219-44-7310"))
        #expect(message.parts.count == 2)
    }

    @Test func lookAlikeDelimitersAreContent() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=Sect", "", "--Sect", "", "a",
            "--Sect--Extra", "--SectX", " --Sect", "x --Sect", "--Sect \t", "", "b", "--Sect--  ",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.paths == ["1", "1.1", "1.2"])
        #expect(message.text(of: "1.1") == "a\n--Sect--Extra\n--SectX\n --Sect\nx --Sect")
        #expect(message.text(of: "1.2") == "b")
        #expect(message.problems.isEmpty)
    }

    @Test func missingFinalBoundaryReadsToEnd() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "", "first", "--b",
            "Content-Type: text/plain", "", "last 372-81-4096",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.paths == ["1", "1.1", "1.2"])
        #expect(message.text(of: "1.2").contains("372-81-4096"))
        #expect(message.problemKinds == [.missingFinalBoundary])
    }

    @Test func innerMultipartClosedByOuterDelimiter() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=outer", "", "--outer",
            "Content-Type: multipart/alternative; boundary=inner", "", "--inner", "", "a",
            "--outer", "", "b", "--outer--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.paths == ["1", "1.1", "1.1.1", "1.2"])
        #expect(message.problemKinds == [.missingFinalBoundary])
        #expect(message.problems.first?.partPath == "1.1")
    }

    @Test func emptyPartsBetweenDelimitersAreSkipped() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=X", "", "--X", "", "a", "--X", "--X",
            "", "b", "--X--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.paths == ["1", "1.1", "1.2"])
    }

    @Test func deliveryStatusReportIsText() throws {
        let message = try Fixtures.parse("corpus/B03.eml")
        #expect(
            message.contentTypes == [
                "multipart/report", "text/plain", "message/delivery-status", "message/rfc822",
                "text/plain",
            ])
        #expect(message.textViews(of: "1.2").first?.kind == .otherText)
        #expect(message.text(of: "1.2").contains("Status: 5.1.1"))
        #expect(message.text(of: "1.3.1").contains("SSN: 372-81-4096"))
    }

    @Test func rfc822HeadersPartIsDecoded() {
        let message = MessageParser.parse(
            message: MessageBuilder.lf(
                "Content-Type: text/rfc822-headers", "",
                "Subject: =?utf-8?q?Befund_Zo=C3=AB?=", "To: a@example.org"))
        #expect(message.textViews(of: "1").last?.kind == .otherText)
        #expect(message.text(of: "1").contains("Subject: Befund Zoë"))
    }

    @Test func filenameComesFromDispositionThenName() {
        let lines = MessageBuilder.multipart(
            boundary: "b",
            parts: [
                "Content-Type: text/plain; name=\"type-name.txt\"\r\n"
                    + "Content-Disposition: attachment; filename=\"disp.txt\"\r\n\r\nx",
                "Content-Type: text/plain; name=\"only-name.txt\"\r\n\r\ny",
            ])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.parts.map(\.filename) == [nil, "disp.txt", "only-name.txt"])
        #expect(message.parts[1].disposition == "attachment")
        #expect(message.textViews(of: "1.1").map(\.kind) == [.attachmentName, .plain])
    }
}
