import Mail
import Testing

/// Messages whose health data a single reading hid: a byte order mark against the declared
/// charset, an impossible UTF-16 declaration, a compressed attachment that looks like text
/// and a second Content-Transfer-Encoding field.
@Suite("Hidden content regressions")
struct HiddenContentRegressionTests {
    static let ssn = "372-81-4096"

    struct ViewCase: CustomTestStringConvertible, Sendable {
        let file: String
        /// The part whose views must show the identifier in some reading.
        let path: String
        var testDescription: String { file }
    }

    static let viewCases = [
        ViewCase(file: "u11_bom_fffe_utf8_declared.eml", path: "1"),
        ViewCase(file: "u14_bom_fffe_latin1.eml", path: "1"),
        ViewCase(file: "m10_html_meta_charset_conflict.eml", path: "1"),
        ViewCase(file: "m14_bom_both_alternatives.eml", path: "1.1"),
        ViewCase(file: "m14_bom_both_alternatives.eml", path: "1.2"),
        ViewCase(file: "m15_csv_attachment_bom.eml", path: "1.2"),
    ]

    @Test(arguments: viewCases)
    func charsetReadingShowsIdentifier(_ testCase: ViewCase) throws {
        let message = try Fixtures.parse("regressions/" + testCase.file)
        let texts = message.textViews(of: testCase.path).map(\.string)
        #expect(texts.contains { $0.contains(Self.ssn) }, "got \(texts)")
        let kinds = message.problems.filter { $0.partPath == testCase.path }.map(\.kind)
        #expect(kinds.contains(.invalidCharsetData), "got \(kinds)")
    }

    struct ReasonCase: CustomTestStringConvertible, Sendable {
        let file: String
        let reason: NotScannedReason
        var testDescription: String { file }
    }

    @Test(arguments: [
        ReasonCase(file: "q_a_orig.eml", reason: .pdf),
        ReasonCase(file: "c_zlib.eml", reason: .compressedData),
    ])
    func smallCompressedAttachmentIsUnscanned(_ testCase: ReasonCase) throws {
        let message = try Fixtures.parse("regressions/" + testCase.file)
        let part = try #require(message.part(at: "1.2"))
        #expect(part.decodedSize < 512)
        #expect(part.scan == .notScanned(testCase.reason))
        #expect(message.textViews(of: "1.2").allSatisfy { $0.kind == .attachmentName })
        #expect(message.unscannedContent.map(\.partPath) == ["1.2"])
    }

    @Test func secondTransferEncodingIsDecoded() throws {
        let message = try Fixtures.parse("regressions/b06_two_cte.eml")
        #expect(!message.textViews(of: "1").contains { $0.string.contains(Self.ssn) })
        let alternative = try #require(message.alternativeReadings.first)
        #expect(alternative.reading == "Content-Transfer-Encoding header 2 of 2")
        #expect(alternative.parts.first?.transferEncoding == "base64")
        let views = message.textViews.filter { $0.reading == alternative.reading }
        #expect(views.contains { $0.string.contains(Self.ssn) })
    }

    @Test func equalTransferEncodingsNeedNoAlternative() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: base64", "",
                "U1NOIDM3Mi04MS00MDk2"))
        #expect(message.alternativeReadings.isEmpty)
        #expect(message.text(of: "1").contains(Self.ssn))
    }

    /// A multipart whose preamble starts with a UTF-16 byte order mark before ASCII text.
    static let markedPreamble: [UInt8] =
        Array("Content-Type: multipart/mixed; boundary=b\r\n\r\n".utf8) + [0xFF, 0xFE]
        + Array("SSN 372-81-4096\r\n--b\r\n\r\nhello\r\n--b--\r\n".utf8)

    @Test func preambleReadingShowsIdentifier() {
        let message = MessageParser.parse(message: Self.markedPreamble)
        let preambles = message.textViews(of: "1").filter { $0.kind == .preamble }
        #expect(preambles.count == 2)
        #expect(preambles.first?.string.contains(Self.ssn) == true)
    }

    @Test func furtherReadingOverBudgetIsUnscanned() {
        var limits = MIMELimits()
        limits.maxTextViewSize = 40
        let bytes =
            Array("Content-Type: text/plain; charset=iso-8859-1\r\n\r\n".utf8) + [0xFF, 0xFE]
            + Array("SSN 372-81-4096 and more text".utf8)
        let message = MessageParser.parse(message: bytes, limits: limits)
        #expect(message.parts[0].scan == .notScanned(.sizeLimit))
        #expect(message.textViews(of: "1").filter { $0.kind == .plain }.count == 1)
        #expect(message.problems.contains { $0.kind == .sizeLimit })
    }

    @Test func headerBlockPartGetsBothReadings() {
        let bytes =
            Array("Content-Type: text/rfc822-headers; charset=iso-8859-1\r\n\r\n".utf8)
            + [0xFF, 0xFE] + Array("Subject: SSN 372-81-4096\r\n".utf8)
        let message = MessageParser.parse(message: bytes)
        let views = message.textViews(of: "1").filter { $0.kind == .otherText }
        #expect(views.count == 2)
        #expect(views.first?.string.contains(Self.ssn) == true)
    }

    @Test func readingOverLimitIsUnscanned() {
        let part = "Content-Transfer-Encoding: 7bit\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "U1NOIDM3Mi04MS00MDk2"
        let lines = MessageBuilder.multipart(
            type: "mixed", boundary: "b", parts: Array(repeating: part, count: 5))
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.alternativeReadings.count == 4)
        let entries = message.unscannedContent
        #expect(entries.map(\.notScannedReason) == [.readingLimit])
        #expect(entries.first?.partPath == "1.5")
    }
}
