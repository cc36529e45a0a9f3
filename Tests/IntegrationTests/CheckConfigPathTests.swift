import Foundation
import Testing

/// `check-config` reports what `tlsguard milter` would reject at start-up: an audit trail
/// file or a spool directory it cannot create, and a configuration path that is no file.
@Suite struct CheckConfigPathTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")
    static let outboundOff =
        "auto_encrypt_probe = no\nauto_encrypt_dane = no\nauto_encrypt_mta_sts = no\n"
        + "auto_encrypt_cache_file =\n"

    /// Runs check-config on a file with `lines` after settings that keep it off the network
    /// and out of system directories.
    func checkConfig(_ lines: String) throws -> (status: Int32, output: String, directory: String) {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-paths").path
        let path = directory + "/t.conf"
        let text =
            Self.outboundOff + "audit_log =\nmilter_spool_directory = \(directory)\n" + lines
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try runCommand(Self.tlsguard, ["check-config", "--config", path])
        return (result.status, result.output, directory)
    }

    @Test(arguments: [
        ("audit_log = /proc/nope/audit.jsonl", "audit_log: cannot create /proc/nope/audit.jsonl"),
        ("milter_spool_directory = /proc/forbidden",
         "milter_spool_directory: /proc/forbidden does not exist and cannot be created"),
    ])
    func pathDaemonRejectsIsReported(line: String, message: String) throws {
        let result = try checkConfig(line + "\n")
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains(message), "\(result.output)")
        #expect(result.output.contains("t.conf:7:"), "\(result.output)")
    }

    @Test func missingSpoolParentIsReported() throws {
        let result = try checkConfig("milter_spool_directory = /tmp/tlsguard-no-such-dir/spool\n")
        #expect(result.status == 78)
        #expect(result.output.contains("creating an entry in /tmp/tlsguard-no-such-dir failed"))
    }

    @Test func auditLogThatIsDirectoryIsReported() throws {
        let result = try checkConfig("audit_log = /tmp\n")
        #expect(result.status == 78)
        #expect(result.output.contains("audit_log: /tmp is a directory"), "\(result.output)")
    }

    @Test func creatableAuditLogPassesAndLeavesNothing() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-audit").path
        let result = try checkConfig("audit_log = \(directory)/new/sub/audit.jsonl\n")
        #expect(result.status == 0, "\(result.output)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left.isEmpty, "\(left)")
    }

    @Test func milterAgreesOnUncreatableAuditLog() throws {
        let result = try checkConfig("audit_log = /proc/nope/audit.jsonl\n")
        let path = result.directory + "/t.conf"
        let milter = try ChildProcess(
            executable: Self.tlsguard,
            arguments: ["milter", "--config", path, "--socket", "unix:\(result.directory)/m"],
            logPath: result.directory + "/milter.log")
        defer { milter.stop() }
        let exited = TestEnvironment.waitUntil(seconds: 20) { !milter.isRunning }
        #expect(result.status == 78)
        #expect(exited, "\(milter.log)")
        #expect(!milter.isRunning)
        if !milter.isRunning {
            #expect(milter.process.terminationStatus == 78, "\(milter.log)")
        }
    }

    @Test func directoryAsConfigNamesReason() throws {
        let result = try runCommand(Self.tlsguard, ["check-config", "--config", "/tmp"])
        #expect(result.status == 78)
        #expect(result.output.contains("/tmp: is a directory, not a configuration file"))
    }

    @Test func symbolicLinkLoopNamesReason() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cli-loop").path
        let path = directory + "/loop.conf"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)
        let result = try runCommand(Self.tlsguard, ["check-config", "--config", path])
        #expect(result.status == 78)
        #expect(result.output.contains("too many levels of symbolic links"), "\(result.output)")
        #expect(!result.output.contains("file not found"))
    }

    @Test(.enabled(
        if: !FileManager.default.fileExists(atPath: "/etc/tlsguard/tlsguard.conf"),
        "needs a machine without /etc/tlsguard/tlsguard.conf"))
    func missingDefaultFileIsNoted() throws {
        let result = try runCommand(Self.tlsguard, ["check-config"])
        #expect(result.output.contains("/etc/tlsguard/tlsguard.conf does not exist"))
        #expect(result.output.contains("built-in defaults were checked"))
    }
}
