import Engine
import PluginAPI
import Testing

@Suite struct ReplayHeaderLimitTests {
    func replay(config: String) throws -> MessageOutcome {
        let harness = try EngineHarness(
            [TestPlugins.fixed("quiet", at: .connect, .continue)], config: config)
        let runner = ReplayRunner(
            engine: harness.engine, options: ReplayOptions(), deriveHop: { _ in nil })
        return try #require(runner.run(ReplayRunnerTests.message, queueID: "Q1").outcome)
    }

    @Test func fieldCountOverLimitIsRefused() throws {
        let outcome = try replay(config: "milter_max_header_count = 4\n")
        #expect(outcome.verdict == .reject)
        #expect(outcome.reply?.code == 552)
        #expect(outcome.reply?.enhancedCode == EnhancedStatusCode("5.3.4"))
    }

    @Test func fieldCountAtLimitPasses() throws {
        let outcome = try replay(config: "milter_max_header_count = 5\n")
        #expect(outcome.verdict == .accept)
    }

    @Test func headerSizeOverLimitIsRefused() throws {
        let outcome = try replay(config: "milter_max_header_size = 100\n")
        #expect(outcome.verdict == .reject)
        #expect(outcome.reply?.code == 552)
    }

    @Test func fieldsPastDefaultLimitAreRefused() throws {
        let fields = String(repeating: "X-F: 1\r\n", count: 10_001)
        let message = ReplayMessage(
            file: "many.eml", index: nil,
            bytes: Array((fields + "Subject: hi\r\n\r\nBody\r\n").utf8))
        let harness = try EngineHarness([TestPlugins.fixed("quiet", at: .connect, .continue)])
        let runner = ReplayRunner(
            engine: harness.engine, options: ReplayOptions(), deriveHop: { _ in nil })
        let outcome = try #require(runner.run(message, queueID: "Q1").outcome)
        #expect(outcome.verdict == .reject)
        #expect(outcome.reply?.code == 552)
    }
}
