import Mail
import Testing

@Suite("Structural anomalies")
struct StructuralAnomalyTests {
    @Test func multipartWithoutBoundaryIsTextAndGuessed() {
        let lines = [
            "Content-Type: multipart/mixed", "", "--guess", "Content-Type: text/plain",
            "Content-Transfer-Encoding: base64", "", "U1NOIDM3Mi04MS00MDk2", "--guess--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.paths == ["1"])
        #expect(message.problemKinds == [.missingBoundary])
        #expect(message.parts[0].scan == .scanned)
        let alternative = message.alternativeReadings.first
        #expect(alternative?.parts.map(\.path) == ["1", "1.1"])
        let guessed = message.textViews.filter { $0.reading != nil }.map(\.string).joined()
        #expect(guessed.contains("SSN 372-81-4096"))
    }

    @Test func boundaryThatNeverOccursIsReported() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: multipart/mixed; boundary=zz", "", "SSN 372-81-4096"))
        #expect(message.problemKinds == [.missingBoundary])
        #expect(message.textViews(of: "1").last?.kind == .preamble)
        #expect(message.allText.contains("372-81-4096"))
    }

    @Test func reusedBoundaryIsReadBothWays() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=X", "", "--X",
            "Content-Type: multipart/alternative; boundary=X", "", "--X", "", "one", "--X--",
            "--X", "Content-Type: text/plain", "", "two 372-81-4096", "--X--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.paths == ["1", "1.1", "1.1.1", "1.2"])
        #expect(message.problemKinds == [.nestedBoundaryReuse])
        #expect(
            message.alternativeReadings.map(\.reading) == [
                "outer boundary ends the nested multipart"
            ])
        // Read with the outer boundary first, the nested multipart ends at once, "one"
        // becomes the second part and the rest is the epilogue.
        #expect(message.alternativeReadings.first?.parts.map(\.path) == ["1", "1.1", "1.2"])
        #expect(message.text(of: "1.2").contains("372-81-4096"))
        let epilogue = message.textViews.first { $0.reading != nil && $0.kind == .epilogue }
        #expect(epilogue?.string.contains("372-81-4096") == true)
    }

    @Test func conflictingContentTypesAreReadBothWays() throws {
        let lines = [
            "Content-Type: text/plain", "Content-Type: multipart/mixed; boundary=q", "",
            "--q", "Content-Transfer-Encoding: base64", "", "U1NOIDM3Mi04MS00MDk2", "--q--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.contentTypes == ["text/plain"])
        #expect(message.problemKinds == [.duplicateContentHeader])
        let reading = try #require(message.alternativeReadings.first)
        #expect(reading.parts.map(\.contentType) == ["multipart/mixed", "text/plain"])
        #expect(
            message.textViews.contains {
                $0.reading != nil && $0.string.contains("SSN 372-81-4096")
            })
    }

    @Test func unscannedPartOfAlternativeReadingCounts() {
        let lines = [
            "Content-Type: text/plain", "Content-Type: multipart/mixed; boundary=q", "",
            "--q", "Content-Type: application/pkcs7-mime", "", "MIAGCSqGSIb3", "--q--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(message.parts.allSatisfy { !$0.scan.isNotScanned })
        #expect(message.alternativeReadings.first?.parts.last?.scan == .notScanned(.encrypted))
        #expect(message.hasUnscannedContent)
    }

    @Test func identicalDuplicateContentTypeIsNotAnAnomaly() {
        let message = MessageParser.parse(
            message: MessageBuilder.lf(
                "Content-Type: text/plain", "Content-Type: text/plain", "", "x"))
        #expect(message.problems.isEmpty)
        #expect(message.alternativeReadings.isEmpty)
    }

    @Test func alternativesNeedTheBodyWhenStreaming() throws {
        let parser = MessageStreamParser()
        parser.feed(
            MessageBuilder.lf("Content-Type: text/plain", "Content-Type: text/html", "", "x"))
        let message = try parser.finish(body: nil)
        #expect(message.alternativeReadings.isEmpty)
        #expect(message.problems.last?.detail.contains("no body was given") == true)
    }

    @Test func multipartTransferEncodingIsIgnored() {
        let lines = [
            "Content-Type: multipart/mixed; boundary=b", "Content-Transfer-Encoding: base64",
            "", "--b", "", "text", "--b--",
        ]
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\n"))
        #expect(message.paths == ["1", "1.1"])
        #expect(message.problemKinds == [.other])
    }
}
