import Foundation
import Testing

/// Messages of check-config, audit, probe, policy export and replay that tell an
/// administrator what exactly is wrong.
@Suite struct CommandMessageTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")
    static let outboundOff =
        "auto_encrypt_probe = no\nauto_encrypt_dane = no\nauto_encrypt_mta_sts = no\n"
        + "auto_encrypt_cache_file =\nauto_encrypt_resolver = 127.0.0.1:1\n"

    func configFile(_ lines: String) throws -> String {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-messages").path
        let path = directory + "/t.conf"
        let text =
            Self.outboundOff + "audit_log =\nmilter_spool_directory = \(directory)\n" + lines
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func checkConfig(_ lines: String) throws -> (status: Int32, output: String) {
        try runCommand(Self.tlsguard, ["check-config", "--config", try configFile(lines)])
    }

    // MARK: - check-config

    @Test(arguments: ["error_reply = 451 hello", "error_reply = 550 5.7.1 Message refused"])
    func errorReplyHintShowsTempfail(line: String) throws {
        let result = try checkConfig(line + "\n")
        #expect(result.status == 78)
        #expect(result.output.contains("expected a 4xx reply"), "\(result.output)")
        #expect(result.output.contains("such as '451 4.3.0"), "\(result.output)")
        #expect(!result.output.contains("such as '550"))
    }

    @Test(arguments: [
        ("milter_socket = unix:relative.sock", "the path 'relative.sock' is relative"),
        ("milter_socket = unix:/" + String(repeating: "s", count: 110), "over the limit of 107"),
        ("milter_socket = inet:99999@127.0.0.1", "the port 99999 is outside 1 to 65535"),
    ])
    func socketErrorNamesReason(line: String, reason: String) throws {
        let result = try checkConfig(line + "\n")
        #expect(result.status == 78)
        #expect(result.output.contains(reason), "\(result.output)")
    }

    // MARK: - audit

    static let badRecord =
        #"{"verdict":"accept","phi":"yes","recipients":[{"address":"a@example.org","action":"deliver"}]}"#
    static let exposedRecord =
        #"{"verdict":"accept","phi":true,"recipients":[{"address":"b@example.org","action":"deliver"}]}"#

    @Test func auditReadsStandardInput() throws {
        let input = Data((Self.exposedRecord + "\n").utf8)
        let result = try runCommand(Self.tlsguard, ["audit", "-"], input: input)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("records: 1"))
        #expect(!result.output.contains("cannot read"))
    }

    @Test func auditNamesFileOfEachProblem() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-audit").path
        try (Self.exposedRecord + "\n").write(
            toFile: directory + "/a.jsonl", atomically: true, encoding: .utf8)
        try ("\n" + Self.badRecord + "\n").write(
            toFile: directory + "/b.jsonl", atomically: true, encoding: .utf8)
        let result = try runCommand(
            Self.tlsguard, ["audit", directory + "/a.jsonl", directory + "/b.jsonl"])
        #expect(result.status == 65)
        #expect(result.output.contains("\(directory)/b.jsonl:2: field 'phi' has the wrong type"))
        #expect(result.output.contains("\(directory)/a.jsonl:1: - NOQUEUE to=<b@example.org>"))
    }

    // MARK: - probe

    @Test(arguments: ["bad domain!", "a..example", "lead-.example", "x_y.example"])
    func probeRejectsInvalidDomain(domain: String) throws {
        let result = try runCommand(
            Self.tlsguard, ["probe", "--config", try configFile(""), domain])
        #expect(result.status == 64)
        #expect(result.output.contains("invalid domain '\(domain)'"), "\(result.output)")
    }

    @Test func probeSaysProbingIsOff() throws {
        let result = try runCommand(
            Self.tlsguard, ["probe", "--config", try configFile(""), "example.test"])
        #expect(result.status == 0)
        #expect(result.output.contains("assurance: unknown"))
        #expect(result.output.contains("note: STARTTLS probe switched off (auto_encrypt_probe = no)"))
    }

    // MARK: - policy export

    @Test func policyExportWarnsAboutFingerprint() throws {
        let config = try configFile(
            "auto_encrypt_tls_overrides = dane.example=dane, b.example=fingerprint\n")
        let result = try runCommand(
            Self.tlsguard, ["policy", "export", "--postfix", "--config", config])
        #expect(result.status == 0)
        #expect(result.output.contains("dane.example dane-only\n"))
        #expect(!result.output.contains("b.example fingerprint"))
        #expect(result.output.contains("warning: b.example: override 'fingerprint' not exported"))
    }

    // MARK: - replay

    @Test func replayWarnsOnceAboutDirectoryLoop() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-replay-loop").path
        try FileManager.default.createDirectory(
            atPath: directory + "/mail/sub", withIntermediateDirectories: true)
        try "Subject: a\n\nx\n".write(
            toFile: directory + "/mail/sub/a.eml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/mail/sub/up", withDestinationPath: "../")
        let config = try configFile("plugins = tls_requirement\n")
        let result = try runCommand(
            Self.tlsguard, ["replay", "--config", config, directory + "/mail"])
        #expect(result.status == 0)
        #expect(result.output.contains("replayed 1 message\n"), "\(result.output)")
        let warnings = result.output.split(separator: "\n").filter { $0.contains("directory loop") }
        #expect(warnings == ["tlsguard replay: warning: \(directory)/mail/sub/up: directory loop "
            + "back to \(directory)/mail; not read again"])
    }

    /// Without --config and without the default file, replay writes a note that the
    /// built-in defaults check recipient domains over the network. The message has no
    /// recipient, so nothing is looked up. On a machine with the default file no note is
    /// due and the test checks nothing.
    @Test func replayNotesBuiltInDefaults() throws {
        guard !FileManager.default.fileExists(atPath: "/etc/tlsguard/tlsguard.conf") else {
            return
        }
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-replay-defaults").path
        try "From: a@b.example\nSubject: a\n\nx\n".write(
            toFile: directory + "/a.eml", atomically: true, encoding: .utf8)
        let result = try runCommand(Self.tlsguard, ["replay", directory + "/a.eml"])
        #expect(result.status == 0)
        #expect(
            result.output.contains(
                "tlsguard replay: note: /etc/tlsguard/tlsguard.conf does not exist; replaying "
                    + "with the built-in defaults"), "\(result.output)")
        #expect(result.output.contains("auto_encrypt_probe set to no"), "\(result.output)")
    }

    @Test func replayWithConfigHasNoNote() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-replay-config").path
        try "From: a@b.example\nSubject: a\n\nx\n".write(
            toFile: directory + "/a.eml", atomically: true, encoding: .utf8)
        let config = try configFile("plugins = tls_requirement\n")
        let result = try runCommand(
            Self.tlsguard, ["replay", "--config", config, directory + "/a.eml"])
        #expect(result.status == 0)
        #expect(!result.output.contains("note:"), "\(result.output)")
    }
}
