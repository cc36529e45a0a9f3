import Engine
import Foundation
import Mail
import PluginAPI
import Testing

/// Header fields over the parser's limits but within the milter's reach the engine in
/// replay, so that they count as unscanned content there as they do in the milter.
@Suite struct ReplayParserHeaderLimitTests {
    func replay(_ text: String, config: String = "") throws -> ParsedMessage? {
        let box = LockedBox<ParsedMessage?>(nil)
        let descriptor = PluginDescriptor(
            name: "recorder", summary: "Stores the parsed message", configKeys: [],
            make: { _ in RecorderPlugin(box: box) { $0.message } })
        let harness = try EngineHarness([descriptor], config: config)
        let runner = ReplayRunner(
            engine: harness.engine, options: ReplayOptions(), deriveHop: { _ in nil })
        _ = runner.run(
            ReplayMessage(file: "m.eml", index: nil, bytes: Array(text.utf8)), queueID: "Q1")
        return box.value
    }

    @Test func fieldsOverCountLimitAreUnscanned() throws {
        let fillers = (0..<10_050).map { "X-Filler: \($0)\r\n" }.joined()
        let message = try #require(
            try replay(
                fillers + "Subject: SSN 372-81-4096\r\n\r\nHello\r\n",
                config: "milter_max_header_count = 20000\n"))
        let reasons = message.unscannedContent.map(\.notScannedReason)
        #expect(reasons == [.headerLimit])
    }

    @Test func fieldOverByteLimitIsUnscanned() throws {
        let subject = String(repeating: "a", count: 1 << 20) + " SSN 372-81-4096"
        let message = try #require(
            try replay("From: a@example.com\r\nSubject: \(subject)\r\n\r\nHello\r\n"))
        #expect(message.unscannedContent.map(\.notScannedReason) == [.headerLimit])
    }

    @Test func fieldsUnderLimitsAreScanned() throws {
        let message = try #require(try replay("Subject: hello\r\n\r\nHello\r\n"))
        #expect(message.unscannedContent.isEmpty)
        #expect(message.headers.count == 1)
    }
}
