import Foundation
import Mail
import Testing

/// `ParsedMessage.unscannedContent`: every limit and every undecoded encoding leaves an
/// entry for a policy that fails closed.
@Suite("Unscanned content")
struct UnscannedContentTests {
    static func multipart(_ parts: [String]) -> [UInt8] {
        MessageBuilder.join(MessageBuilder.multipart(boundary: "b", parts: parts), with: "\r\n")
    }

    static func reasons(_ message: ParsedMessage) -> [String] {
        message.unscannedContent.map { "\($0.partPath) \($0.reason)" }
    }

    @Test func scannedMessageHasNone() {
        let message = MessageParser.parse(message: Self.multipart(["\r\nhello", "\r\nworld"]))
        #expect(message.unscannedContent.isEmpty)
        #expect(!message.hasUnscannedContent)
    }

    @Test func partsAfterPartLimit() {
        var limits = MIMELimits()
        limits.maxParts = 3
        let parts = (1...5).map { "\r\npart \($0)" }
        let message = MessageParser.parse(message: Self.multipart(parts), limits: limits)
        #expect(Self.reasons(message) == ["1.3 part_limit"])
        #expect(message.unscannedContent.first?.part == nil)
    }

    @Test func fieldsOverHeaderLimit() {
        var limits = MIMELimits()
        limits.maxHeaderFields = 2
        let message = MessageParser.parse(
            message: MessageBuilder.lf("A: 1", "B: 2", "Subject: SSN 372-81-4096", "", "x"),
            limits: limits)
        #expect(Self.reasons(message) == ["1 header_limit"])
    }

    @Test func fieldsOverHeaderLimitOnMilterPath() throws {
        var limits = MIMELimits()
        limits.maxHeaderFields = 1
        let headers = [
            HeaderField(name: "From", value: "a@example.com"),
            HeaderField(name: "Subject", value: "SSN 372-81-4096"),
        ]
        let message = try MessageParser.parse(
            headers: headers, body: .memory(Array("x\r\n".utf8)), limits: limits)
        #expect(Self.reasons(message) == ["1 header_limit"])
    }

    @Test func nestingOverDepthLimitIsListedOnce() {
        var limits = MIMELimits()
        limits.maxDepth = 2
        let message = MessageParser.parse(message: LimitsTests.nested(depth: 5), limits: limits)
        #expect(Self.reasons(message) == ["1.1.1.1 depth_limit"])
        #expect(message.unscannedContent.first?.part?.contentType == "multipart/mixed")
    }

    @Test func decodedPartOverSizeLimit() {
        var limits = MIMELimits()
        limits.maxDecodedPartSize = 100
        let body = String(repeating: "y", count: 500)
        let message = MessageParser.parse(message: MessageBuilder.lf("", body), limits: limits)
        #expect(Self.reasons(message) == ["1 size_limit"])
    }

    @Test func messageOverTextLimit() {
        var limits = MIMELimits()
        limits.maxTextViewSize = 1000
        let part = "\r\n" + String(repeating: "z", count: 800)
        let message = MessageParser.parse(message: Self.multipart([part, part]), limits: limits)
        #expect(Self.reasons(message) == ["1.2 size_limit"])
    }

    @Test func preambleOverSizeLimit() {
        var limits = MIMELimits()
        limits.maxDecodedPartSize = 1000
        let lines =
            ["Content-Type: multipart/mixed; boundary=b", "", String(repeating: "p", count: 3000)]
            + ["--b", "", "part", "--b--"]
        let message = MessageParser.parse(
            message: MessageBuilder.join(lines, with: "\n"), limits: limits)
        #expect(Self.reasons(message) == ["1 size_limit"])
        #expect(message.parts[0].scan == .container)
    }

    /// A thousand harmless problems fill the problem list before the part limit is reached;
    /// the limit must still be recorded.
    @Test func limitPastProblemCapIsKept() {
        var limits = MIMELimits()
        limits.maxProblems = 5
        limits.maxParts = 12
        let damaged = (1...20).map { _ in
            "Content-Transfer-Encoding: quoted-printable\r\n\r\nbad =XY sequence"
        }
        let message = MessageParser.parse(message: Self.multipart(damaged), limits: limits)
        #expect(message.problems.contains { $0.kind == .partLimit })
        #expect(Self.reasons(message) == ["1.12 part_limit"])
    }

    @Test func unknownEncodingOfLeafIsListed() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Transfer-Encoding: x-gzip64", "", "SSN 372-81-4096"))
        #expect(Self.reasons(message) == ["1 unknown_transfer_encoding"])
        #expect(message.text(of: "1").contains("372-81-4096"))
    }

    @Test func unknownEncodingOfAttachedMessageIsListed() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: message/rfc822", "Content-Transfer-Encoding: x-gzip64", "",
                "Subject: inner", "", "body"))
        #expect(message.parts[0].scan == .container)
        #expect(Self.reasons(message) == ["1 unknown_transfer_encoding"])
    }

    /// RFC 2045 forbids an encoding on a multipart, but a body in base64 may still hold
    /// the parts, which the parser then cannot see.
    @Test func encodedMultipartWithoutBoundaryIsUndecodable() {
        let inner = "--X\r\nContent-Type: text/plain\r\n\r\nSSN 372-81-4096\r\n--X--\r\n"
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: multipart/mixed; boundary=X", "Content-Transfer-Encoding: base64",
                "", Data(inner.utf8).base64EncodedString()))
        #expect(Self.reasons(message) == ["1 undecodable"])
    }

    @Test func encodingOnMultipartWithBoundaryIsIgnored() {
        let lines = ["Content-Transfer-Encoding: base64"] + MessageBuilder.multipart(
            boundary: "b", parts: ["\r\nhello"])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.unscannedContent.isEmpty)
        #expect(message.text(of: "1.1").contains("hello"))
    }

    @Test func unscannedPartOfAlternativeReadingNamesReading() throws {
        let lines = [
            "Content-Type: text/plain", "Content-Type: multipart/mixed; boundary=q", "",
            "--q", "Content-Type: application/pkcs7-mime", "", "MIAGCSqGSIb3", "--q--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        let entry = try #require(message.unscannedContent.first)
        #expect(entry.reason == "encrypted")
        #expect(entry.reading == "Content-Type header 2 of 2")
        #expect(entry.partPath == "1.1")
    }

    @Test func detectedTypeOfPart() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: image/png", "Content-Transfer-Encoding: base64", "",
                "JVBERi0xLjQKJcfsj6IKAAEC"))
        #expect(message.parts[0].detectedType == "application/pdf")
        #expect(message.parts[0].scan == .notScanned(.pdf))
    }
}

@Suite("File signatures")
struct FileSignatureTests {
    static let cases: [(head: [UInt8], type: String?)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "image/png"),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg"),
        (Array("GIF89a".utf8) + [1, 0], "image/gif"),
        (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8), "image/webp"),
        (Array("BM".utf8) + [0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0], "image/bmp"),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], "image/tiff"),
        ([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], "image/tiff"),
        ([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0], "image/heic"),
        ([0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0], "image/avif"),
        (Array("%PDF-1.7\n".utf8), "application/pdf"),
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0], "application/zip"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/x-ole-storage"),
        ([0x1F, 0x8B, 0x08, 0], "application/gzip"),
        (Array("BMW service notes".utf8), nil),
        (Array("Hello there".utf8), nil),
        ([], nil),
    ]

    @Test func identifiesFormats() {
        for (head, type) in Self.cases {
            #expect(FileSignature.mediaType(of: head) == type, "\(head.prefix(8))")
        }
    }
}

