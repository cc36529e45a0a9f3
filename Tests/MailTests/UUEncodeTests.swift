import Mail
import Testing

/// The x-uuencode transfer encoding and uuencoded files inside plain text.
@Suite("uuencode")
struct UUEncodeTests {
    /// `MRN: 00482913, SSN 372-81-4096, Dx E11.9` and a line break, as `uuencode` writes it.
    static let textLines = [#"I35)..B P,#0X,CDQ,RP@4U-.(#,W,BTX,2TT,#DV+"!$>"!%,3$N.0H "#, "`"]
    /// The bytes 0 to 39, which are not text.
    static let binaryLines = [#"H``$"`P0%!@<("0H+#`T.#Q`1$A,4%187&!D:&QP='A\@(2(C)"4F)P``"#, "`"]

    static func uuencodedPart(_ lines: [String], encoding: String = "x-uuencode") -> [String] {
        ["Content-Type: text/plain", "Content-Transfer-Encoding: \(encoding)", "",
            "begin 644 labs.txt"] + lines + ["end"]
    }

    @Test func testerMessageIsDecoded() throws {
        let message = try Fixtures.parse("unscanned/uuencode.eml")
        #expect(message.parts[0].scan == .scanned)
        #expect(message.text(of: "1").contains("SSN 372-81-4096"))
        #expect(message.problems.isEmpty, "\(message.problems)")
    }

    @Test(arguments: ["x-uuencode", "uuencode", "x-uue", "uue", "X-UUENCODE"])
    func everyNameIsDecoded(_ encoding: String) {
        let lines = Self.uuencodedPart(Self.textLines, encoding: encoding)
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.text(of: "1").contains("SSN 372-81-4096"))
        #expect(message.parts[0].scan == .scanned)
        #expect(message.parts[0].transferEncoding == encoding.lowercased())
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndsAndChunkCutsDoNotMatter(_ ending: String) throws {
        let bytes = MessageBuilder.join(Self.uuencodedPart(Self.textLines), with: ending)
        for chunkSize in [1, 2, 3, 7] {
            let parser = MessageStreamParser()
            var start = 0
            while start < bytes.count {
                parser.feed(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
                start += chunkSize
            }
            let message = try parser.finish(body: nil)
            let text = message.text(of: "1")
            #expect(text.contains("SSN 372-81-4096"), "chunks of \(chunkSize): \(text)")
        }
    }

    @Test func textAroundTheBlockIsKept() {
        let lines =
            ["Content-Transfer-Encoding: x-uuencode", "", "Lab export for Dr. Hale"]
            + ["begin 644 labs.txt"] + Self.textLines + ["end", "sent from the lab system"]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        let text = message.text(of: "1")
        #expect(text.contains("Lab export for Dr. Hale"))
        #expect(text.contains("SSN 372-81-4096"))
        #expect(text.contains("sent from the lab system"))
    }

    @Test func missingBeginLineIsUndecodable() {
        let lines = ["Content-Transfer-Encoding: x-uuencode", ""] + Self.textLines
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.parts[0].scan == .notScanned(.undecodable))
        #expect(message.problemKinds == [.undecodableContent])
        #expect(message.hasUnscannedContent)
    }

    @Test func damagedLineIsReportedAndDecoded() {
        let damaged = "Iabc" + String(Self.textLines[0].dropFirst(4))
        let lines = Self.uuencodedPart([damaged, "`"])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.problemKinds == [.invalidUUEncode])
        #expect(message.parts[0].scan == .scanned)
        #expect(message.text(of: "1").contains("372-81-4096"))
    }

    @Test func missingEndLineIsReported() {
        let lines = ["Content-Transfer-Encoding: x-uuencode", "", "begin 600 labs.txt"]
            + Self.textLines
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.problems.first?.detail.contains("no 'end' line") == true)
        #expect(message.text(of: "1").contains("372-81-4096"))
    }

    @Test func overlongLineOutsideBlockIsPassedThrough() {
        let long = String(repeating: "x", count: 3000) + " SSN 372-81-4096"
        let lines = Self.uuencodedPart(Self.textLines) + [long]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.text(of: "1").contains(long))
    }

    @Test func attachedMessageInUUEncodeIsParsed() {
        let inner = MessageBuilder.lf("Subject: inner", "", "MRN 00482913")
        var encoded = ["begin 644 inner.eml"]
        var index = 0
        while index < inner.count {
            let piece = Array(inner[index..<min(index + 45, inner.count)])
            encoded.append(Self.encodeLine(piece))
            index += 45
        }
        encoded += ["`", "end"]
        let lines =
            ["Content-Type: message/rfc822", "Content-Transfer-Encoding: x-uuencode", ""]
            + encoded
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.paths == ["1", "1.1"])
        #expect(message.text(of: "1.1").contains("MRN 00482913"))
        #expect(!message.hasUnscannedContent)
    }

    // MARK: - Files inside plain text

    @Test func fileInsidePlainTextIsDecoded() {
        let lines =
            ["Content-Type: text/plain", "", "Results attached below.", "", "begin 644 labs.txt"]
            + Self.textLines + ["end", "", "Thanks"]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        let views = message.textViews(of: "1")
        #expect(views.contains { $0.kind == .otherText && $0.string.contains("372-81-4096") })
        #expect(views.contains { $0.kind == .attachmentName && $0.string == "labs.txt" })
        #expect(message.parts[0].scan == .scanned)
    }

    @Test func binaryFileInsidePlainTextIsNotScanned() {
        let lines =
            ["Content-Type: text/plain", "", "Scan attached.", "begin 644 scan.pdf"]
            + Self.binaryLines + ["end"]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.parts[0].scan == .notScanned(.pdf))
        #expect(message.text(of: "1").contains("Scan attached."))
        #expect(message.hasUnscannedContent)
    }

    @Test(arguments: [
        ["begin 644 the meeting at noon", "Please bring the slides."],
        ["begin the review", "M" + String(repeating: "A", count: 60), "end"],
        ["begin 644 labs.txt"] + UUEncodeTests.textLines,
        ["begin 644 labs.txt", "Ihello", "end"],
    ])
    func proseAndIncompleteBlocksAreLeftAlone(_ body: [String]) {
        let lines = ["Content-Type: text/plain", ""] + body
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        let contentKinds = message.textViews(of: "1").map(\.kind).filter { $0 != .headers }
        #expect(contentKinds == [.plain])
        #expect(message.parts[0].scan == .scanned)
        #expect(message.problems.isEmpty)
    }

    /// Encodes up to 45 bytes as one uuencode line, as `uuencode` does.
    static func encodeLine(_ bytes: [UInt8]) -> String {
        var characters: [UInt8] = [UInt8(0x20 + bytes.count)]
        var index = 0
        while index < bytes.count {
            let group = (0..<3).map { index + $0 < bytes.count ? UInt32(bytes[index + $0]) : 0 }
            let value = group[0] << 16 | group[1] << 8 | group[2]
            for shift in [18, 12, 6, 0] {
                let sextet = UInt8((value >> UInt32(shift)) & 0x3F)
                characters.append(sextet == 0 ? 0x60 : sextet + 0x20)
            }
            index += 3
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
