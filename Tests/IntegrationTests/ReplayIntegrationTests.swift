import Foundation
import Testing

/// `tlsguard replay` as a user runs it: on whole directories of real-world and hostile
/// messages, on a large mbox, and with debug logging on PHI messages.
@Suite struct ReplayIntegrationTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")
    static let fixtures = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures")

    /// All three plugins, with no network checks of recipient domains.
    static func configuration(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("tlsguard.conf").path
        try """
        audit_log =
        auto_encrypt_probe = no
        auto_encrypt_dane = no
        auto_encrypt_mta_sts = no
        auto_encrypt_cache_file =

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func messageFiles(_ folders: [String]) -> [String] {
        folders.flatMap { folder -> [String] in
            let path = fixtures.appendingPathComponent(folder).path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
        }
    }

    @Test func everyFixtureMessageReplays() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("replay")
        let config = try Self.configuration(in: directory)
        let files = Self.messageFiles(["mime/python", "mime/corpus", "mime/fuzz", "phi/messages"])
        try #require(files.count > 100)
        let result = try runCommand(
            Self.tlsguard, ["replay", "--config", config, "--json", "--no-summary"] + files)
        #expect(result.status == 0, "\(result.output.suffix(2000))")
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == files.count)
        let failed = lines.filter { !$0.contains("\"error\":null") }
        #expect(failed.isEmpty, "\(failed.prefix(3))")
    }

    @Test func tenThousandMessageMbox() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("mbox")
        let config = directory.appendingPathComponent("light.conf").path
        try "plugins = tls_requirement\naudit_log =\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("big.mbox").path
        var text = ""
        for index in 0..<10_000 {
            text += "From sender\(index)@example.com Mon Jan  1 00:00:00 2026\n"
            text += "From: sender\(index)@example.com\nTo: r\(index % 7)@example.org\n"
            text += "Subject: message \(index)\nMessage-ID: <m\(index)@example.com>\n\n"
            text += "Body line one.\nFrom here the body goes on.\n\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try runCommand(Self.tlsguard, ["replay", "--config", config, path])
        #expect(result.status == 0)
        #expect(result.output.contains("replayed 10000 messages"))
        #expect(result.output.contains("\(path):10000 <m9999@example.com> accept"))
    }

    /// No identifier value of the PHI corpus appears in anything replay writes: result
    /// lines, added headers, findings, report fields or debug log lines.
    @Test func noIdentifierValueInOutputOrLogs() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("privacy")
        let config = try Self.configuration(in: directory)
        let files = Self.messageFiles(["phi/messages"])
        var output = ""
        for format in [["--json"], []] {
            let result = try runCommand(
                Self.tlsguard,
                ["replay", "--config", config, "--log-level", "debug"] + format + files)
            #expect(result.status == 0)
            output += result.output
        }
        #expect(output.contains("phi.detected"), "the corpus must produce PHI findings")
        let values = try String(
            contentsOf: Self.fixtures.appendingPathComponent("phi/identifier_values.txt"),
            encoding: .utf8
        ).split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        try #require(values.count > 20)
        for value in values {
            #expect(!output.contains(value), "identifier value \(value) appears in the output")
        }
    }
}
