import Mail
import Testing

@Suite("Content treatment")
struct ContentTreatmentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let headers: String
        let body: String
        let scan: ScanStatus
        let kind: TextKind?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "text attachment by name",
            headers: "Content-Type: application/octet-stream; name=\"labs.csv\"",
            body: "a,b\r\n1,2", scan: .scanned, kind: .csv),
        Case(
            label: "octet-stream that is text", headers: "Content-Type: application/octet-stream",
            body: "plain words", scan: .scanned, kind: .otherText),
        Case(
            label: "octet-stream with NUL bytes",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
            body: "AAECAwQFBgc=", scan: .notScanned(.binaryContent), kind: nil),
        Case(
            label: "pdf",
            headers: "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64",
            body: "JVBERi0xLjQKJcfsj6IKAAEC", scan: .notScanned(.pdf), kind: nil),
        Case(
            label: "docx by name",
            headers: "Content-Type: application/octet-stream; name=\"a.docx\"\r\n"
                + "Content-Transfer-Encoding: base64",
            body: "UEsDBBQABgAIAAAAIQA=", scan: .notScanned(.officeDocument), kind: nil),
        Case(
            label: "zip",
            headers: "Content-Type: application/zip\r\nContent-Transfer-Encoding: base64",
            body: "UEsDBBQAAAAIAAAAIQA=", scan: .notScanned(.archive), kind: nil),
        Case(
            label: "octet-stream with zlib header",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
            body: "eJwLDvZTMDY30rUw1DUxsDQDABwEA0c=", scan: .notScanned(.compressedData),
            kind: nil),
        Case(
            label: "octet-stream with gzip header",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
            body: "H4sIAHRleHQ=", scan: .notScanned(.compressedData), kind: nil),
        Case(
            label: "octet-stream with bzip2 header",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
            body: "QlpoOTFBWSZTWcLMg+IAAAceAEACfeAAAQgAIAAxANABAAaGvFATWhRxd4u5IpwoSGFmQfEA",
            scan: .notScanned(.compressedData), kind: nil),
        Case(
            label: "octet-stream with zstd header",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
            body: "KLUv/SAPeVNTTiAzNzItODEtNDA5Ng==",
            scan: .notScanned(.compressedData), kind: nil),
        Case(
            label: "short blob with control bytes",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64",
            body: "QQJCA0MERAVFBkECQgNDBEQFRQZBAkIDQwREBUUG",
            scan: .notScanned(.binaryContent), kind: nil),
        Case(
            label: "short text with stray control byte",
            headers: "Content-Type: application/octet-stream",
            body: "SSN\u{7} 372-81-4096", scan: .scanned, kind: .otherText),
        Case(
            label: "octet-stream that is a PDF", headers: "Content-Type: application/octet-stream",
            body: "%PDF-1.4 SSN 372-81-4096", scan: .notScanned(.pdf), kind: nil),
        Case(
            label: "zip named as pdf",
            headers: "Content-Type: application/octet-stream; name=\"labs.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64",
            body: "UEsDBBQAAAA=", scan: .notScanned(.archive), kind: nil),
        Case(
            label: "zip declared as pdf",
            headers: "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64",
            body: "UEsDBBQAAAA=", scan: .notScanned(.archive), kind: nil),
        Case(
            label: "pdf type with text bytes", headers: "Content-Type: application/pdf",
            body: "SSN 372-81-4096", scan: .notScanned(.pdf), kind: nil),
        Case(
            label: "text named as pdf",
            headers: "Content-Type: application/octet-stream; name=\"labs.pdf\"",
            body: "SSN 372-81-4096", scan: .scanned, kind: .otherText),
        Case(
            label: "image", headers: "Content-Type: image/png\r\nContent-Transfer-Encoding: base64",
            body: "iVBORw0KGgoAAAANSUhEUgAA", scan: .notScanned(.binaryContent), kind: nil),
        Case(
            label: "pkcs7 encrypted",
            headers: "Content-Type: application/pkcs7-mime; smime-type=enveloped-data",
            body: "MIAGCSqGSIb3DQEHA6CAMIACAQAx", scan: .notScanned(.encrypted), kind: nil),
        Case(
            label: "detached signature", headers: "Content-Type: application/pkcs7-signature",
            body: "MIAGCSqGSIb3DQEHAqCAMIACAQEx", scan: .notScanned(.signature), kind: nil),
        Case(
            label: "html", headers: "Content-Type: text/html", body: "<p>a</p>", scan: .scanned,
            kind: .html),
        Case(
            label: "calendar", headers: "Content-Type: text/calendar", body: "BEGIN:VCALENDAR",
            scan: .scanned, kind: .calendar),
        Case(
            label: "vcard", headers: "Content-Type: text/vcard", body: "BEGIN:VCARD",
            scan: .scanned,
            kind: .vcard),
        Case(
            label: "other text type", headers: "Content-Type: text/x-custom", body: "words",
            scan: .scanned, kind: .otherText),
        Case(
            label: "json", headers: "Content-Type: application/fhir+json", body: "{}",
            scan: .scanned,
            kind: .otherText),
        Case(
            label: "image named as text", headers: "Content-Type: image/png; name=\"notes.txt\"",
            body: "SSN 372-81-4096", scan: .scanned, kind: .plain),
        Case(
            label: "unknown transfer encoding binary",
            headers: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: x-gzip",
            body: "\u{1}\u{2}\u{3}\u{0}", scan: .notScanned(.unknownTransferEncoding),
            kind: nil),
    ]

    @Test(arguments: cases)
    func treatsContent(_ testCase: Case) {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(testCase.headers, "", testCase.body))
        #expect(message.parts[0].scan == testCase.scan)
        let contentKinds = message.textViews(of: "1").map(\.kind).filter {
            $0 != .headers && $0 != .attachmentName
        }
        #expect(contentKinds == (testCase.kind.map { [$0] } ?? []))
        #expect(message.hasUnscannedContent == (testCase.scan != .scanned))
    }

    @Test func encryptedMultipartContentIsNotScanned() {
        let lines = MessageBuilder.multipart(
            type: "encrypted", boundary: "e",
            parts: [
                "Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1",
                "Content-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n"
                    + "hQEMA\r\n-----END PGP MESSAGE-----",
            ])
        let message = MessageParser.parse(message: MessageBuilder.join(lines, with: "\r\n"))
        #expect(
            message.parts.map(\.scan) == [
                .container, .scanned, .notScanned(.encrypted),
            ])
    }

    @Test func decodedSizeCountsDecodedBytes() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: image/gif", "Content-Transfer-Encoding: base64", "",
                "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="))
        #expect(message.parts[0].decodedSize == 43)
    }

    @Test func htmlCharsetFromMetaElement() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/html", "Content-Transfer-Encoding: quoted-printable", "",
                "<meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dkoi8-r\">",
                "<p>=F3=C9=C4=CF=D2=CF=D7</p>"))
        #expect(message.text(of: "1").contains("Сидоров"))
    }

    @Test func flowedTextWithDeletedSpaceIsJoined() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/plain; format=flowed; delsp=yes", "",
                "SSN 372-81-40 ", "96 and > quoted", " >stuffed"))
        #expect(message.text(of: "1").contains("SSN 372-81-4096 and > quoted\n>stuffed"))
    }

    @Test func flowedLinesJoinOnlyAtSameQuoteDepth() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/plain; format=flowed", "", "reply ", "> quoted ", "> more",
                ">> deeper"))
        #expect(message.text(of: "1") == "reply \n> quoted more\n>> deeper\n")
    }

    @Test func flowedStuffedSpaceLineDoesNotCrash() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/plain; format=flowed; delsp=yes", "", "  ", " ", ">  ", "end"))
        #expect(message.text(of: "1").contains("end"))
    }

    @Test func flowedTextKeepsSpaceWithoutDelSp() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/plain; format=flowed", "", "Alice ", "Example", "-- ", "sig"))
        #expect(message.text(of: "1").contains("Alice Example\n-- \nsig"))
    }

    @Test func calendarLinesAreUnfolded() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/calendar; charset=utf-8", "", "BEGIN:VEVENT",
                "DESCRIPTION:Patient Alice Example\\, SSN 372-81-", " 4096\\nDOB 1961-03-14",
                "END:VEVENT"))
        let text = message.text(of: "1")
        #expect(text.contains("DESCRIPTION:Patient Alice Example, SSN 372-81-4096\nDOB 1961-03-14"))
    }

    @Test func vcardQuotedPrintableIsDecoded() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/x-vcard", "", "BEGIN:VCARD", "VERSION:2.1",
                "NOTE;ENCODING=QUOTED-PRINTABLE:SSN 372=2D81=", "=2D4096", "FN:Zo=C3=AB",
                "END:VCARD"))
        let text = message.text(of: "1")
        #expect(text.contains("NOTE;ENCODING=QUOTED-PRINTABLE:SSN 372-81-4096"))
        #expect(text.contains("FN:Zo=C3=AB"))
    }

    @Test func vcardQuotedPrintableUsesItsCharset() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/x-vcard", "", "BEGIN:VCARD",
                "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Zo=EB M=FCller",
                "N;ENCODING=QUOTED-PRINTABLE:=E9t=E9", "END:VCARD"))
        let text = message.text(of: "1")
        #expect(text.contains(":Zoë Müller"))
        #expect(text.contains("N;ENCODING=QUOTED-PRINTABLE:été"))
    }

    @Test func zeroWidthCharactersAreRemovedFromText() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: text/plain; charset=utf-8", "", "SSN 372\u{200B}-81-\u{2060}4096"))
        #expect(message.text(of: "1").contains("SSN 372-81-4096"))
    }

    @Test func invalidQuotedPrintableIsReported() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Transfer-Encoding: quoted-printable", "", "50% =XY off"))
        #expect(message.problemKinds == [.invalidQuotedPrintable])
        #expect(message.text(of: "1").contains("50% =XY off"))
    }

    @Test func unknownTransferEncodingIsReadAsIsButNotScanned() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Transfer-Encoding: x-custom", "", "SSN 372-81-4096"))
        #expect(message.problemKinds == [.unknownTransferEncoding])
        #expect(message.parts[0].scan == .notScanned(.unknownTransferEncoding))
        #expect(message.text(of: "1").contains("372-81-4096"))
        #expect(message.hasUnscannedContent)
    }

    @Test func contentDescriptionIsInHeaderView() {
        let message = MessageParser.parse(
            message: MessageBuilder.crlf(
                "Content-Type: image/png", "Content-Description: =?utf-8?q?X-ray_Zo=C3=AB?=", "", ""
            ))
        #expect(message.text(of: "1").contains("Content-Description: X-ray Zoë"))
    }
}
