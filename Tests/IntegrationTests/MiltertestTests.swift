import Foundation
import Testing

/// `miltertest` scripts against `tlsguard milter`, here over an inet socket.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/miltertest")))
struct MiltertestTests {
    @Test func tlsHeaderScriptOverInetSocket() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("lua")
        let port = try TestEnvironment.freePort()
        let spec = "inet:\(port)@127.0.0.1"
        let config = directory.appendingPathComponent("tlsguard.conf").path
        try "plugins = tls_requirement\naudit_log =\nmilter_spool_directory = \(directory.path)\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let milter = try ChildProcess(
            executable: TestEnvironment.executable("tlsguard"),
            arguments: [
                "milter", "--config", config, "--socket", spec, "--log", "stderr",
                "--log-level", "debug",
            ],
            logPath: directory.appendingPathComponent("milter.log").path)
        defer { milter.stop(signal: SIGKILL) }

        let result = try runCommand(
            "/usr/bin/miltertest",
            ["-D", "socket=\(spec)", "-s", TestEnvironment.script("tls-header.lua")])
        #expect(result.status == 0, "\(result.output)\n\(milter.log)")
        #expect(result.output.contains("tls-header.lua: ok"))
        #expect(milter.log.contains("4LUA1: accept from=<bob@example.com>"))
    }
}
