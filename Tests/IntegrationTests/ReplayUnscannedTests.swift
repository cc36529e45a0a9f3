import Foundation
import Testing

/// `tlsguard replay` on messages whose content is partly not scanned: past the part limit,
/// in an unknown or uuencode transfer encoding, and with a small logo.
@Suite struct ReplayUnscannedTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")
    static let fixtures = TestEnvironment.packageRoot.appendingPathComponent(
        "Tests/Fixtures/mime/unscanned")
    static let phiText =
        "Patient: Alice Example, DOB 03/14/1961, SSN 372-81-4096.\n"
        + "Diagnosis: type 2 diabetes mellitus (E11.9).\n"

    /// Builds a message of `count` one-line text parts, then one part with the PHI text.
    static func manyParts(_ count: Int) -> String {
        var text = "From: a@example.com\nTo: b@example.org\nSubject: parts\nMIME-Version: 1.0\n"
        text += "Content-Type: multipart/mixed; boundary=\"P\"\n\n"
        for index in 0..<count {
            text += "--P\nContent-Type: text/plain\n\nline \(index)\n"
        }
        return text + "--P\nContent-Type: text/plain\n\n" + phiText + "--P--\n"
    }

    /// Replays `files` with `extra` configuration lines and returns the JSON line of each.
    static func replay(_ files: [String], extra: String = "") throws -> [[String: Any]] {
        let directory = try TestEnvironment.makeTemporaryDirectory("unscanned")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try ReplayIntegrationTests.configuration(in: directory)
        let text = try String(contentsOfFile: config, encoding: .utf8) + extra + "\n"
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try runCommand(
            tlsguard, ["replay", "--config", config, "--json", "--no-summary"] + files)
        #expect(result.status == 0, "\(result.output.suffix(1000))")
        return result.output.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static func write(_ text: String, named name: String) throws -> URL {
        let directory = try TestEnvironment.makeTemporaryDirectory("unscanned-message")
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func kinds(_ line: [String: Any]) -> [String] {
        (line["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    }

    @Test func partsPastDefaultLimitAreUnscanned() throws {
        let url = try Self.write(Self.manyParts(10_050), named: "parts.eml")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let line = try #require(try Self.replay([url.path]).first)
        #expect(line["phi"] as? Bool == true)
        #expect(line["phi_kinds"] as? [String] == ["UNSCANNED"])
        #expect(line["verdict"] as? String == "quarantine")
    }

    @Test func partsPastConfiguredLimitAreUnscanned() throws {
        let url = try Self.write(Self.manyParts(4), named: "parts.eml")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let limited = try #require(try Self.replay([url.path], extra: "mime_max_parts = 3").first)
        #expect(limited["phi_kinds"] as? [String] == ["UNSCANNED"])
        let unlimited = try #require(try Self.replay([url.path]).first)
        let kinds = unlimited["phi_kinds"] as? [String] ?? []
        #expect(kinds.contains("SSN"), "\(kinds)")
        #expect(!kinds.contains("UNSCANNED"), "\(kinds)")
    }

    @Test func transferEncodingsAndLogo() throws {
        let names = ["unknown_cte.eml", "uuencode.eml", "png.eml"]
        let lines = try Self.replay(names.map { Self.fixtures.appendingPathComponent($0).path })
        try #require(lines.count == 3)
        #expect(lines[0]["phi_kinds"] as? [String] == ["UNSCANNED"])
        #expect((lines[1]["phi_kinds"] as? [String] ?? []).contains("SSN"))
        #expect(lines[2]["phi"] as? Bool == false)
        #expect(lines[2]["verdict"] as? String == "accept")
        #expect(Self.kinds(lines[2]).contains("UNSCANNED_EXEMPT"))
        let exempt = lines[2]["phi_unscanned_exempt"] as? [[String: Any]]
        #expect(exempt?.first?["path"] as? String == "1.2")
        #expect(exempt?.first?["type"] as? String == "image/png")
    }
}
