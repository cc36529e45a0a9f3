import PluginAPI
import Testing

@Suite struct SMTPReplyTests {
    @Test(arguments: [
        (550, "5.7.1"), (530, "5.7.0"), (450, "4.7.1"), (451, "4.3.0"), (554, "5.3.0"),
    ])
    func matchingCodesAccepted(code: Int, enhanced: String) throws {
        let reply = try SMTPReply(code: code, enhancedCode: enhanced, text: "text")
        #expect(reply.code == code)
        #expect(reply.enhancedCode.description == enhanced)
    }

    @Test func mismatchedClassRejected() {
        #expect(throws: ReplyError.mismatchedClass(code: 550, enhancedCode: "4.7.1")) {
            try SMTPReply(code: 550, enhancedCode: "4.7.1", text: "no")
        }
    }

    @Test(arguments: [250, 399, 600, 99])
    func nonFailureCodesRejected(code: Int) {
        #expect(throws: ReplyError.invalidCode(code)) {
            try SMTPReply(code: code, enhancedCode: "5.7.1", text: "no")
        }
    }

    @Test(arguments: ["5.7", "5.7.1.2", "x.7.1", "3.0.0", "5.7.1234", "", "5..1"])
    func malformedEnhancedCodesRejected(text: String) {
        #expect(throws: ReplyError.invalidEnhancedCode(text)) {
            try SMTPReply(code: 550, enhancedCode: text, text: "no")
        }
    }

    @Test(arguments: ["line\r\nX-Injected: 1", "tab\there", "nul\0", "caf\u{E9}"])
    func controlAndNonASCIITextRejected(text: String) {
        #expect(throws: ReplyError.self) {
            try SMTPReply(code: 550, enhancedCode: "5.7.1", text: text)
        }
    }

    @Test func percentKeptAsWritten() throws {
        let reply = try SMTPReply(code: 550, enhancedCode: "5.7.1", text: "100% sure")
        #expect(reply.text == "100% sure")
    }

    @Test func multiLineDescription() throws {
        let reply = try SMTPReply(code: 550, enhancedCode: "5.7.1", lines: ["first", "second"])
        #expect(reply.description == "550-5.7.1 first\r\n550 5.7.1 second")
    }

    @Test func tooManyLinesRejected() {
        let lines = Array(repeating: "x", count: SMTPReply.maxLines + 1)
        #expect(throws: ReplyError.invalidLineCount(lines.count)) {
            try SMTPReply(code: 550, enhancedCode: "5.7.1", lines: lines)
        }
    }

    @Test func sanitizedTextReplacesNonASCII() {
        #expect(SMTPReply.sanitizedText("caf\u{E9}\r\n") == "caf???")
    }
}
