import Mail
import Testing

@Suite("Content-Type and Content-Disposition")
struct MIMEParametersTests {
    @Test func parsesTypeAndParameters() throws {
        let type = try #require(ContentType.parse("TEXT/PLAIN ; charset = \"us-ascii\"".bytes))
        #expect(type.mimeType == "text/plain")
        #expect(type.charset == "us-ascii")
    }

    @Test(arguments: ["", "text", "/plain", "text/", "tex t/plain"])
    func rejectsInvalidType(_ value: String) {
        #expect(ContentType.parse(value.bytes) == nil)
    }

    @Test func joinsRFC2231ContinuationsOfBoundary() throws {
        let value =
            "multipart/mixed; boundary*0*=us-ascii''%3D_part_a1b2c3;\r\n boundary*1*=-d4e5f6_%3D"
        let type = try #require(ContentType.parse(value.bytes))
        #expect(type.boundary?.text == "=_part_a1b2c3-d4e5f6_=")
    }

    @Test func joinsSectionsInNumericOrder() throws {
        let value = "application/x; name*1=\"ient.txt\"; name*0=\"pat\"; name*10=\"!\""
        let type = try #require(ContentType.parse(value.bytes))
        #expect(type.parameters["name"] == "patient.txt!")
    }

    @Test func decodesRFC2231Charset() {
        let disposition = ContentDisposition.parse(
            "attachment; filename*=iso-8859-1'de'Befund%20f%FCr.txt".bytes)
        #expect(disposition.isAttachment)
        #expect(disposition.filename == "Befund für.txt")
    }

    @Test func extendedFormWinsOverPlainForm() {
        let disposition = ContentDisposition.parse(
            "attachment; filename=\"plain.txt\"; filename*=UTF-8''better.txt".bytes)
        #expect(disposition.filename == "better.txt")
    }

    @Test func decodesRFC2047InQuotedFilename() {
        let disposition = ContentDisposition.parse(
            "attachment; filename=\"=?UTF-8?B?Wm/DqyBsYWJzLmNzdg==?=\"".bytes)
        #expect(disposition.filename == "Zoë labs.csv")
    }

    @Test func readsUnquotedValueWithSpaces() {
        let disposition = ContentDisposition.parse("attachment; filename=my report (1).txt".bytes)
        #expect(disposition.filename == "my report (1).txt")
    }

    @Test func separatesParametersWithoutSemicolon() throws {
        let type = try #require(ContentType.parse("text/plain charset=utf-8 format=flowed".bytes))
        #expect(type.charset == "utf-8")
        #expect(type.parameters["format"] == "flowed")
    }

    @Test func skipsComments() throws {
        let type = try #require(
            ContentType.parse("text/plain (body) ; charset=us-ascii (Plain text)".bytes))
        #expect(type.mimeType == "text/plain")
        #expect(type.charset == "us-ascii")
    }

    @Test func keepsFirstOfRepeatedParameter() throws {
        let type = try #require(ContentType.parse("multipart/mixed; boundary=a; boundary=b".bytes))
        #expect(type.boundary?.text == "a")
        #expect(type.parameters.duplicateNames == ["boundary"])
    }

    @Test func unterminatedQuoteRunsToEnd() throws {
        let type = try #require(ContentType.parse("multipart/mixed; boundary=\"abc def".bytes))
        #expect(type.boundary?.text == "abc def")
    }

    @Test func dispositionWithoutType() {
        let disposition = ContentDisposition.parse("filename=\"a.txt\"".bytes)
        #expect(disposition.disposition == "")
        #expect(disposition.filename == "a.txt")
    }
}
