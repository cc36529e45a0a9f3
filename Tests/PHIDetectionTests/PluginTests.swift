import Foundation
import Mail
import PluginAPI
import Testing

@testable import PHIDetection

/// Tests of the plugin as the engine uses it: descriptor, configuration, header, report
/// fields, summary finding, triggers and unscanned content.
@Suite struct PluginTests {
    static let phiText = """
        Patient: Delphine Okonkwo-Hale
        DOB: 11/02/1963
        SSN: 643-28-1590
        Dx: Type 2 diabetes mellitus (E11.9)
        """

    @Test func descriptorKeysUsePrefix() {
        #expect(PHIDetection.descriptor.name == "phi_detection")
        for key in PHIDetection.descriptor.configKeys {
            #expect(key.name.hasPrefix("phi_"), "\(key.name)")
            #expect(!key.summary.isEmpty, "\(key.name) has no doc line")
        }
    }

    @Test func documentationListsEveryKey() throws {
        let docs = try String(
            contentsOf: Fixtures.directory.appendingPathComponent("../../../Docs/phi.md"),
            encoding: .utf8)
        for key in PHIDetection.descriptor.configKeys {
            if key.name.hasPrefix("phi_weight_") {
                let kind = String(key.name.dropFirst("phi_weight_".count))
                #expect(docs.contains("`\(kind)`"), "Docs/phi.md does not list weight \(kind)")
            } else {
                #expect(docs.contains("`\(key.name)`"), "Docs/phi.md does not list \(key.name)")
            }
        }
    }

    @Test func defaultsParse() throws {
        _ = try PluginConfiguration(descriptor: PHIDetection.descriptor)
    }

    @Test func sensitiveMessageGetsHeader() throws {
        let result = try PluginHarness().run(PluginHarness.message(Self.phiText))
        let header = try #require(result.phiHeader)
        #expect(header.hasPrefix("yes detectors="), "\(header)")
        #expect(header.contains("ssn"), "\(header)")
        #expect(header.contains("icd10"), "\(header)")
        #expect(header.hasSuffix("score=8"), "\(header)")
        #expect(result.verdict == .continue)
    }

    @Test func plainMessageGetsNo() throws {
        let result = try PluginHarness().run(PluginHarness.message("Lunch is at noon."))
        #expect(result.phiHeader == "no")
        #expect(result.reportValue("phi") == .bool(false))
        #expect(result.reportValue("phi_score") == .int(0))
        #expect(result.reportValue("phi_kinds") == .array([]))
    }

    @Test func reportFieldsListKinds() throws {
        let result = try PluginHarness().run(PluginHarness.message(Self.phiText))
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.reportValue("phi_score") == .int(8))
        let kinds = try #require(result.reportValue("phi_kinds"))
        #expect(kinds == .array(["SSN", "NAME", "DOB", "ICD10", "DIAGNOSIS"]), "\(kinds.json)")
    }

    @Test func summaryFindingForLaterPlugins() throws {
        let result = try PluginHarness().run(PluginHarness.message(Self.phiText))
        let summary = try #require(result.summary)
        #expect(summary.plugin == "phi_detection")
        #expect(summary.attributes["sensitive"] == "yes")
        #expect(summary.attributes["score"] == "8")
        #expect(summary.score == 8)
        #expect(result.rules == ["phi.detected"])
    }

    @Test func findingsCarryPositionsNotValues() throws {
        let result = try PluginHarness().run(PluginHarness.message(Self.phiText))
        let ssn = try #require(result.findings.first { $0.kind == "SSN" })
        #expect(ssn.count == 1)
        #expect(ssn.locations == [FindingLocation(partPath: "1", offset: 52, length: 11)])
        #expect(ssn.attributes["redacted"] == nil)
    }

    @Test func redactedAuditWhenEnabled() throws {
        let harness = try PluginHarness(overrides: ["phi_audit_redacted": "yes"])
        let result = try harness.run(PluginHarness.message(Self.phiText))
        let ssn = try #require(result.findings.first { $0.kind == "SSN" })
        #expect(ssn.attributes["redacted"] == "***-**-1590")
    }

    @Test func addsOneHeaderAndSensitiveFinding() throws {
        let result = try PluginHarness().run(PluginHarness.message(Self.phiText))
        #expect(result.actions.count == 1)
        guard case .addHeader(let name, let value) = result.actions.first else {
            Issue.record("expected one added header, got \(result.actions)")
            return
        }
        #expect(name == "X-TLSGuard-PHI")
        #expect(value.hasPrefix("yes detectors="))
        let sensitive = result.findings.filter { $0.kind == SharedFindingKind.sensitive }
        #expect(sensitive.count == 1)
        #expect(sensitive.first?.attributes["reasons"] == "phi")
    }

    @Test func headerCanBeTurnedOff() throws {
        let result = try PluginHarness(overrides: ["phi_add_header": "no"])
            .run(PluginHarness.message(Self.phiText))
        #expect(result.actions.isEmpty)
    }

    @Test(arguments: ["[secure] results", "RE: [Encrypt] follow-up"])
    func subjectTriggerMakesSensitive(subject: String) throws {
        let message = PluginHarness.message(
            "See you Tuesday.", headers: [HeaderField(name: "Subject", value: subject)])
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.trigger"])
        #expect(result.findings.contains { $0.rule == "phi.trigger.subject" })
        #expect(result.phiHeader == "yes detectors=trigger score=0")
    }

    @Test func bodyTriggerMakesSensitive() throws {
        let result = try PluginHarness().run(PluginHarness.message("[secure]\nSee you Tuesday."))
        #expect(result.findings.contains { $0.rule == "phi.trigger.body" })
    }

    @Test func triggersAreConfigurable() throws {
        let harness = try PluginHarness(overrides: ["phi_subject_triggers": "{confidential}"])
        let plain = PluginHarness.message(
            "Hi", headers: [HeaderField(name: "Subject", value: "[secure] hello")])
        #expect(try harness.run(plain).reportValue("phi") == .bool(false))
        let marked = PluginHarness.message(
            "Hi", headers: [HeaderField(name: "Subject", value: "{Confidential} hello")])
        #expect(try harness.run(marked).reportValue("phi") == .bool(true))
    }

    @Test func unscannedPartFailsClosed() throws {
        var message = PluginHarness.message("Please see the attached spreadsheet.")
        message.parts.append(
            MIMEPart(
                path: "1.2", contentType: "application/pkcs7-mime", charset: nil,
                transferEncoding: "base64", filename: "smime.p7m", decodedSize: 4096,
                scan: .notScanned(reason: "encrypted"), headers: []))
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.unscanned"])
        let unscanned = try #require(result.findings.first { $0.kind == "UNSCANNED" })
        #expect(unscanned.attributes["reason"] == "encrypted")
        #expect(unscanned.locations.first?.partPath == "1.2")
    }

    @Test func unscannedPolicyCanBeRelaxed() throws {
        var message = PluginHarness.message("Please see the attached file.")
        message.parts[0].scan = .notScanned(reason: "office document")
        let result = try PluginHarness(overrides: ["phi_unscanned_is_sensitive": "no"])
            .run(message)
        #expect(result.reportValue("phi") == .bool(false))
        #expect(result.findings.contains { $0.kind == "UNSCANNED" })
    }

    @Test func textBeyondScanLimitIsUnscanned() throws {
        let text = String(repeating: "plain words only ", count: 100)
        let result = try PluginHarness(overrides: ["phi_max_scan_size": "1k"])
            .run(PluginHarness.message(text))
        #expect(result.findings.contains { $0.kind == "UNSCANNED" })
    }

    @Test func weightsAndThresholdAreConfigurable() throws {
        let limits = ["phi_identifier_score_max": "100", "phi_health_score_max": "100"]
        let scored = try PluginHarness(overrides: limits.merging(["phi_threshold": "1"]) { $1 })
            .run(PluginHarness.message(Self.phiText))
        guard case .int(let score) = scored.reportValue("phi_score") else {
            Issue.record("phi_score is not a whole number: \(String(describing: scored))")
            return
        }

        let above = limits.merging(["phi_threshold": String(score + 1)]) { $1 }
        let result = try PluginHarness(overrides: above).run(PluginHarness.message(Self.phiText))
        #expect(result.reportValue("phi") == .bool(false))
        #expect(result.phiHeader == "no")

        let exact = limits.merging(["phi_threshold": String(score)]) { $1 }
        let reached = try PluginHarness(overrides: exact).run(PluginHarness.message(Self.phiText))
        #expect(reached.reportValue("phi") == .bool(true))
    }

    @Test func invalidThresholdIsRejected() {
        #expect(throws: ConfigError.self) {
            _ = try PluginHarness(overrides: ["phi_threshold": "0"])
        }
    }

    @Test func unreachableThresholdIsRejected() {
        #expect(throws: ConfigError.self) {
            _ = try PluginHarness(overrides: ["phi_threshold": "8.5"])
        }
    }

    @Test func raisedLimitsMakeThresholdReachable() throws {
        let overrides = [
            "phi_threshold": "8.5", "phi_identifier_score_max": "4.5",
            "phi_health_score_max": "4",
        ]
        #expect(throws: Never.self) { _ = try PluginHarness(overrides: overrides) }
    }

    @Test func extraDictionaryFileIsLoaded() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("phi-extra-\(UUID().uuidString).txt").path
        try "[diagnosis]\nzorblax syndrome\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let harness = try PluginHarness(overrides: ["phi_dictionary_files": path])
        let result = try harness.run(PluginHarness.message("History of Zorblax syndrome."))
        #expect(result.findings.contains { $0.kind == "DIAGNOSIS" })
    }

    @Test func missingDictionaryFileNamesPath() {
        do {
            _ = try PluginHarness(overrides: ["phi_dictionary_files": "/nonexistent/terms.txt"])
            Issue.record("a missing dictionary file was accepted")
        } catch {
            #expect("\(error)".contains("/nonexistent/terms.txt"), "\(error)")
        }
    }

    @Test func debugLogHasNoValues() throws {
        let harness = try PluginHarness()
        _ = try harness.run(PluginHarness.message(Self.phiText))
        let line = try #require(harness.log.lines.first)
        #expect(line.hasPrefix("debug: 4Ck2Ld0Qx1z9: phi scanned phi=yes score=8"), "\(line)")
        #expect(!line.contains("643-28-1590"))
    }
}
