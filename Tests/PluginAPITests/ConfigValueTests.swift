import PluginAPI
import Testing

@Suite struct ConfigValueTests {
    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("2d", .seconds(172_800)), ("250ms", .milliseconds(250)), ("45", .seconds(45)),
    ])
    func durations(text: String, expected: Duration) throws {
        #expect(try ConfigValueType.duration.parse(text) == .duration(expected))
    }

    @Test(arguments: ["", "s", "-1s", "1 s", "1w", "1.5s"])
    func invalidDurations(text: String) {
        #expect(throws: ConfigValueError.self) { try ConfigValueType.duration.parse(text) }
    }

    @Test(arguments: [("4096", 4096), ("512k", 524_288), ("10m", 10_485_760), ("1G", 1 << 30)])
    func sizes(text: String, expected: Int) throws {
        #expect(try ConfigValueType.size.parse(text) == .integer(expected))
    }

    @Test(arguments: [("yes", true), ("no", false), ("On", true), ("0", false)])
    func booleans(text: String, expected: Bool) throws {
        #expect(try ConfigValueType.boolean.parse(text) == .boolean(expected))
    }

    @Test func listSplitsOnCommasAndSpace() throws {
        #expect(try ConfigValueType.list.parse("a, b  c,,d") == .list(["a", "b", "c", "d"]))
        #expect(try ConfigValueType.list.parse("") == .list([]))
    }

    @Test func choiceNamesAllowedWords() {
        do {
            _ = try ConfigValueType.choice(["tag", "reject"]).parse("drop")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "invalid value 'drop'; expected tag, reject")
        }
    }

    @Test func replyParsesAndChecks() throws {
        let value = try ConfigValueType.reply.parse("530 5.7.0 Must issue a STARTTLS command first")
        guard case .reply(let reply) = value else {
            Issue.record("expected a reply")
            return
        }
        #expect(reply.code == 530)
        #expect(reply.text == "Must issue a STARTTLS command first")
        #expect(throws: ConfigValueError.self) {
            try ConfigValueType.reply.parse("550 4.7.1 mismatched")
        }
    }

    @Test func integerRangeChecked() {
        #expect(throws: ConfigValueError.self) { try ConfigValueType.integer(1...5).parse("6") }
        #expect(throws: ConfigValueError.self) { try ConfigValueType.integer(1...5).parse("x") }
    }
}
