import Foundation
import PluginAPI
import Testing

@testable import PHIDetection

/// Runs the whole corpus through the plugin and searches everything it writes outside the
/// message for the corpus's identifier values.
@Suite struct PrivacyTests {
    static func identifierValues() throws -> [String] {
        let text = try String(
            contentsOf: Fixtures.directory.appendingPathComponent("identifier_values.txt"),
            encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Everything the plugin writes for one message, one string per item: log lines,
    /// header values, report fields and findings with their attributes.
    static func output(of result: StageResult, log: [String]) -> [String] {
        var output = log
        for action in result.actions {
            if case .addHeader(let name, let value) = action { output.append(name + ": " + value) }
        }
        for (key, value) in result.report { output.append(key + "=" + value.json) }
        for finding in result.findings {
            output.append("\(finding.rule) \(finding.kind) \(finding.count) \(finding.attributes)")
        }
        return output
    }

    @Test func corpusOutputHasNoIdentifierValue() throws {
        let values = try Self.identifierValues()
        #expect(values.count > 30)
        let harness = try PluginHarness()
        var lines: [String] = []
        for name in Fixtures.messageNames {
            harness.log.removeAll()
            let result = try harness.run(try Fixtures.parsedMessage(name))
            lines += Self.output(of: result, log: harness.log.lines)
        }
        #expect(lines.count > Fixtures.messageNames.count * 3)
        for line in lines {
            for value in values {
                #expect(!line.contains(value), "output line contains an identifier: \(line)")
            }
        }
    }

    @Test func redactedAuditKeepsOnlyLastFour() throws {
        let harness = try PluginHarness(overrides: ["phi_audit_redacted": "yes"])
        let result = try harness.run(try Fixtures.parsedMessage("p01_plain_referral_ssn_dob"))
        let redacted = result.findings.compactMap { $0.attributes["redacted"] }
        #expect(redacted.contains("***-**-1590"), "\(redacted)")
        for line in Self.output(of: result, log: harness.log.lines) {
            #expect(!line.contains("643-28"), "\(line)")
            #expect(!line.contains("Delphine"), "\(line)")
        }
    }
}
