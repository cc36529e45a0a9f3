import Foundation
import Testing

/// Checks and messages of the command line that an administrator meets first.
@Suite struct CommandLineTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")

    func checkConfig(_ lines: String) throws -> (status: Int32, output: String) {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli")
        let path = directory.appendingPathComponent("t.conf").path
        let spool = "milter_spool_directory = \(directory.path)\n"
        try ("audit_log =\nauto_encrypt_probe = no\n" + lines + spool).write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try runCommand(Self.tlsguard, ["check-config", "--config", path])
        return (result.status, result.output.replacingOccurrences(of: path, with: "t.conf"))
    }

    @Test(arguments: [
        ("milter_socket = tcp:1234", "t.conf:3: milter_socket: invalid milter socket 'tcp:1234'"),
        ("milter_socket_mode = 999", "t.conf:3: milter_socket_mode: invalid value '999'"),
        ("milter_progress_interval = 0s", "t.conf:3: milter_progress_interval: invalid value '0s'"),
        ("phi_detection_time_limit = 0s", "t.conf:3: phi_detection_time_limit: invalid value '0s'"),
        ("auto_encrypt_resolver = not-an-ip", "t.conf:3: auto_encrypt_resolver: invalid value 'not-an-ip'"),
    ])
    func milterAndPluginSettingsChecked(line: String, message: String) throws {
        let result = try checkConfig(line + "\n")
        #expect(result.status == 78)
        #expect(result.output.contains(message), "\(result.output)")
    }

    @Test func emptyPluginListWarns() throws {
        let result = try checkConfig("plugins =\n")
        #expect(result.status == 0)
        #expect(result.output.contains("warning: t.conf:3: plugins: no rule plugins"))
    }

    @Test func inlineCommentWarns() throws {
        let result = try checkConfig("tls_require_recipient_domains = example.org # ours\n")
        #expect(result.status == 0)
        #expect(result.output.contains("'#' inside a value is part of the value"))
    }

    @Test func controlBytesInFileAreNotEchoed() throws {
        let result = try checkConfig("bad\u{0}key\u{1B}[31m = 1\n")
        #expect(result.status == 78)
        #expect(!result.output.contains("\u{0}"))
        #expect(!result.output.contains("\u{1B}"))
    }

    @Test func replayRejectsInvalidClientAddress() throws {
        let result = try runCommand(Self.tlsguard, ["replay", "--client-addr", "bogus", "-"])
        #expect(result.status == 64)
        #expect(result.output.contains("invalid --client-addr 'bogus'"))
    }

    @Test(arguments: ["TLSv9", "TLS", "secure"])
    func replayRejectsUnknownTLSVersion(version: String) throws {
        let result = try runCommand(Self.tlsguard, ["replay", "--tls-version", version, "-"])
        #expect(result.status == 64)
        #expect(result.output.contains("invalid --tls-version '\(version)'"))
    }

    @Test func replayWithoutMessagesSaysNone() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-empty")
        let config = directory.appendingPathComponent("t.conf").path
        try "plugins = tls_requirement\naudit_log =\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let empty = directory.appendingPathComponent("empty.eml").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let result = try runCommand(Self.tlsguard, ["replay", "--config", config, empty])
        #expect(result.status == 66)
        #expect(result.output.contains("verdicts: none"))
    }

    @Test func replayDiffCountsBothConfigurations() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-diff")
        let first = directory.appendingPathComponent("a.conf").path
        let second = directory.appendingPathComponent("b.conf").path
        try "plugins = phi_detection\naudit_log =\n".write(
            toFile: first, atomically: true, encoding: .utf8)
        try "plugins = phi_detection\naudit_log =\nphi_threshold = 2\n".write(
            toFile: second, atomically: true, encoding: .utf8)
        let messages = TestEnvironment.packageRoot
            .appendingPathComponent("Tests/Fixtures/phi/messages").path

        let result = try runCommand(
            Self.tlsguard, ["replay", "--config", first, "--diff", second, messages])
        #expect(result.status == 0)
        #expect(result.output.contains("with a different outcome"))
        #expect(result.output.contains("\nb: "))
        let ruleLines = result.output.split(separator: "\n").filter {
            $0.hasPrefix("rules a: ") || $0.hasPrefix("rules b: ")
        }
        #expect(ruleLines.count == 2)
        #expect(Set(ruleLines.map { $0.dropFirst(8) }).count == 2, "\(ruleLines)")
    }
}
