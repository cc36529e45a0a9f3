import Engine
import Foundation
import PluginAPI
import Testing

@Suite struct AuditLogTests {
    @Test func recordPerMessageWithoutValues() throws {
        let path = NSTemporaryDirectory() + "tlsguard-audit-\(UUID().uuidString)/audit.jsonl"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let finding = Finding(plugin: "finder", rule: "finder.ssn", kind: "SSN", count: 2)
        let harness = try EngineHarness(
            [TestPlugins.fixed("finder", at: .endOfMessage, StageResult(findings: [finding]))],
            config: "audit_log = \(path)\n")
        _ = harness.run()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(record["queue_id"] as? String == "4ABCD123")
        #expect(record["verdict"] as? String == "accept")
        #expect(record["sender"] as? String == "<alice@example.com>")
        let findings = try #require(record["findings"] as? [[String: Any]])
        #expect(findings.first?["kind"] as? String == "SSN")
        #expect(findings.first?["count"] as? Int == 2)
        #expect(!text.contains("Hello Bob"))
    }

    @Test func relativePathStaysInWorkingDirectory() throws {
        let top = "tlsguard-audit-\(UUID().uuidString)"
        let path = top + "/logs/audit.jsonl"
        defer {
            try? FileManager.default.removeItem(atPath: top)
            try? FileManager.default.removeItem(atPath: "/" + top)
        }

        let log = try AuditLog(path: path)
        #expect(log.write("{}"))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: "/" + top))
    }

    @Test func failedAuditWriteTempfails() throws {
        let harness = try EngineHarness(
            [TestPlugins.fixed("quiet", at: .connect, .continue)],
            config: "audit_log = /dev/full\n")
        let outcome = harness.run().outcome
        #expect(outcome.verdict == .tempfail)
        #expect(harness.logs.lines.contains { $0.contains("audit record not written") })
    }

    @Test func failedAuditWriteMayContinue() throws {
        let harness = try EngineHarness(
            [TestPlugins.fixed("quiet", at: .connect, .continue)],
            config: "audit_log = /dev/full\naudit_on_failure = continue\n")
        #expect(harness.run().outcome.verdict == .accept)
    }

    @Test func dryRunWritesNoRecord() throws {
        let path = NSTemporaryDirectory() + "tlsguard-audit-dry-\(UUID().uuidString).jsonl"
        let harness = try EngineHarness(
            [TestPlugins.fixed("quiet", at: .connect, .continue)],
            config: "audit_log = \(path)\n", dryRun: true)
        _ = harness.run()
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

@Suite struct AuditRedactionTests {
    @Test func redactedFormsReachAuditOnlyWhenGiven() throws {
        let path = NSTemporaryDirectory() + "tlsguard-audit-redacted-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plain = Finding(plugin: "p", rule: "p.ssn", kind: "SSN", count: 1)
        let redacted = Finding(
            plugin: "p", rule: "p.mrn", kind: "MRN", count: 1,
            attributes: ["redacted": "****2913"])
        let harness = try EngineHarness(
            [TestPlugins.fixed("p", at: .endOfMessage, StageResult(findings: [plain, redacted]))],
            config: "audit_log = \(path)\n")
        _ = harness.run()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""kind":"MRN","count":1,"redacted":"****2913""#))
        #expect(text.contains(#""kind":"SSN","count":1}"#))
    }
}
