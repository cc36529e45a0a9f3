import PluginAPI
import Testing

@testable import MilterKit

@Suite struct MilterReplyTests {
    @Test(arguments: [
        (550, "5.7.1", "PHI detected"), (451, "4.3.0", "try later"), (421, "4.7.0", "x"),
    ])
    func validReplies(code: Int, enhanced: String, text: String) throws {
        let reply = try MilterReply(code: code, enhancedCode: enhanced, text: text)
        #expect(reply.description == "\(code) \(enhanced) \(text)")
    }

    @Test(arguments: [
        (550, "4.7.1", "class mismatch"), (250, "2.0.0", "not a failure"),
        (550, "5.7", "short enhanced code"), (550, "5.7.1", "line\r\nbreak"),
        (550, "5.7.1", "caf\u{E9}"),
    ])
    func invalidReplies(code: Int, enhanced: String, text: String) {
        #expect(throws: MilterError.self) {
            try MilterReply(code: code, enhancedCode: enhanced, text: text)
        }
    }

    @Test func percentIsDoubled() throws {
        let reply = try MilterReply(
            code: 550, enhancedCode: "5.7.1", lines: ["100% match", "50%%"])
        #expect(reply.escapedLines == ["100%% match", "50%%%%"])
        #expect(reply.lines == ["100% match", "50%%"], "stored text is unchanged")
    }

    @Test func multiLineDescription() throws {
        let reply = try MilterReply(code: 550, enhancedCode: "5.7.1", lines: ["one", "two"])
        #expect(reply.description == "550-5.7.1 one\r\n550 5.7.1 two")
    }

    @Test func tooManyLinesAreRejected() {
        let lines = Array(repeating: "x", count: MilterReply.maxLines + 1)
        #expect(throws: MilterError.self) {
            try MilterReply(code: 550, enhancedCode: "5.7.1", lines: lines)
        }
    }

    @Test func convertsEngineReply() {
        let reply = MilterReply(SMTPReply.constant(554, "5.7.0", "Refused"))
        #expect(reply.code == 554)
        #expect(reply.enhancedCode == "5.7.0")
        #expect(reply.lines == ["Refused"])
        #expect(MilterReply.defaultTempfail.description.hasPrefix("451 4.3.0 "))
    }

    @Test(arguments: [
        (MilterResponse.reject(MilterReply(.constant(451, "4.3.0", "x"))), true),
        (MilterResponse.tempfail(MilterReply(.constant(550, "5.7.1", "x"))), true),
        (MilterResponse.reject(MilterReply(.constant(550, "5.7.1", "x"))), false),
        (MilterResponse.tempfail(nil), false), (MilterResponse.accept, false),
    ])
    func replyMustMatchDisposition(response: MilterResponse, fails: Bool) {
        let threw = (try? ModificationApplier.checkReply(of: response)) == nil
        #expect(threw == fails)
    }
}
