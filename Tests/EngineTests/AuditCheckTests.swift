import Engine
import Foundation
import PluginAPI
import Testing

@Suite struct AuditCheckTests {
    func check(_ lines: [String]) -> AuditCheck {
        var check = AuditCheck()
        for (index, line) in lines.enumerated() {
            check.add(line: Substring(line), number: index + 1)
        }
        return check
    }

    static func record(phi: Bool, verdict: String, actions: [String], findings: String = "[]")
        -> String
    {
        let recipients = actions.enumerated().map { index, action in
            #"{"address":"r\#(index)@example.org","action":"\#(action)","rule":"x.rule"}"#
        }.joined(separator: ",")
        return #"{"time":"2026-12-04T10:00:00Z","queue_id":"Q\#(actions.count)","verdict":"\#(verdict)","recipients":[\#(recipients)],"findings":\#(findings),"phi":\#(phi)}"#
    }

    @Test(arguments: ["enforce_tls:verify", "enforce_tls:encrypt", "encrypt", "redirect", "hold", "reject"])
    func protectiveActionIsNoExposure(action: String) {
        let result = check([Self.record(phi: true, verdict: "accept", actions: [action])])
        #expect(result.sensitiveRecords == 1)
        #expect(result.exposures.isEmpty)
        #expect(result.sensitiveActions[action] == 1)
    }

    @Test func deliverOfPHIIsExposure() throws {
        let result = check([Self.record(phi: true, verdict: "accept", actions: ["enforce_tls:dane", "deliver"])])
        let exposure = try #require(result.exposures.first)
        #expect(result.exposures.count == 1)
        #expect(exposure.recipient == "r1@example.org")
        #expect(exposure.action == "deliver")
        #expect(exposure.line == 1)
        #expect(exposure.queueID == "Q2")
    }

    @Test(arguments: ["reject", "tempfail", "discard", "quarantine"])
    func protectiveVerdictCoversDeliver(verdict: String) {
        let result = check([Self.record(phi: true, verdict: verdict, actions: ["deliver"])])
        #expect(result.exposures.isEmpty)
    }

    @Test func sensitiveFindingCountsWithoutPHIField() {
        let findings = #"[{"plugin":"p","rule":"p.trigger","kind":"SENSITIVE","count":1}]"#
        let line = Self.record(phi: false, verdict: "accept", actions: ["deliver"], findings: findings)
        #expect(check([line]).exposures.count == 1)
    }

    @Test func nonSensitiveDeliverIsFine() {
        let result = check([Self.record(phi: false, verdict: "accept", actions: ["deliver"])])
        #expect(result.records == 1)
        #expect(result.sensitiveRecords == 0)
        #expect(result.exposures.isEmpty)
    }

    @Test func malformedLinesAreListed() {
        let result = check(["{\"verdict\":\"accept\"}", "not json", "", "{\"no_verdict\":1}"])
        #expect(result.records == 1)
        #expect(result.malformed.map(\.line) == [2, 4])
    }

    /// The audit trail the engine writes is what the check reads.
    @Test func engineAuditTrailShowsExposure() throws {
        let path = NSTemporaryDirectory() + "tlsguard-auditcheck-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sensitive = Finding(plugin: "detector", rule: "detector.phi", kind: SharedFindingKind.sensitive)
        let harness = try EngineHarness(
            [TestPlugins.fixed("detector", at: .endOfMessage, StageResult(findings: [sensitive]))],
            config: "audit_log = \(path)\n")
        _ = harness.run()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let result = check(text.split(separator: "\n").map(String.init))
        #expect(result.sensitiveRecords == 1)
        #expect(result.exposures.map(\.recipient) == ["bob@example.org"])
    }

    @Test(arguments: [
        (#"{"verdict":"accept","phi":"yes"}"#, "field 'phi' has the wrong type; expected true or false"),
        (#"{"verdict":"accept","phi":1}"#, "field 'phi' has the wrong type; expected true or false"),
        (#"{"verdict":7}"#, "field 'verdict' has the wrong type; expected a string"),
        (#"{"verdict":"accept","recipients":{}}"#, "field 'recipients' has the wrong type; expected a list"),
        (#"{"verdict":"accept","recipients":[{"action":5}]}"#, "field 'recipients[0].action' has the wrong type; expected a string"),
        (#"{"verdict":"accept","findings":[{"kind":true}]}"#, "field 'findings[0].kind' has the wrong type; expected a string"),
        (#"{"phi":true}"#, "missing field 'verdict'"),
    ])
    func wrongFieldTypeIsBadLine(line: String, reason: String) {
        let result = check([line])
        #expect(result.records == 0)
        #expect(result.malformed.map(\.reason) == [reason])
    }

    @Test func nullOptionalFieldsAreAccepted() {
        let line = #"{"verdict":"accept","queue_id":null,"phi":null,"recipients":[]}"#
        let result = check([line])
        #expect(result.records == 1)
        #expect(result.malformed.isEmpty)
    }

    @Test func problemsNameTheirFile() {
        var check = AuditCheck()
        check.add(line: "not json", number: 3, file: "b.jsonl")
        #expect(check.malformed.map(\.file) == ["b.jsonl"])
        #expect(check.malformed.map(\.line) == [3])
    }
}

