import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A milter under test: `tlsguard milter` or the scripted test milter, listening on a unix
/// socket in its own directory.
final class MilterProcess: @unchecked Sendable {
    enum Kind {
        /// `tlsguard milter` with the rule engine, configured by `tlsguard.conf` in the
        /// milter's directory.
        case tlsguard
        /// `milterkit-test-milter`, whose handler follows X-Test-Action headers and
        /// writes a JSON report per message.
        case scripted
    }

    let kind: Kind
    let directory: URL
    let arguments: [String]
    private(set) var child: ChildProcess?

    var socketPath: String { directory.appendingPathComponent("milter.sock").path }
    var socketSpec: String { "unix:" + socketPath }
    var reportDirectory: URL { directory.appendingPathComponent("reports") }
    var spoolDirectory: URL { directory.appendingPathComponent("spool") }

    var configPath: String { directory.appendingPathComponent("tlsguard.conf").path }
    var auditLogPath: String { directory.appendingPathComponent("audit.jsonl").path }

    /// Starts the milter and waits for its socket. `extraArguments` go after the defaults;
    /// `configuration` lines are appended to the test's `tlsguard.conf`, whose defaults
    /// run only the TLS requirement plugin and keep the spool and audit log in `directory`.
    init(
        _ kind: Kind, directory: URL, extraArguments: [String] = [],
        configuration: String = ""
    ) throws {
        self.kind = kind
        self.directory = directory
        for folder in ["reports", "spool"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        switch kind {
        case .tlsguard:
            // Defaults only for the keys that `configuration` does not set, because the
            // milter warns about a key that is set twice.
            let keysSet = Set(
                configuration.split(separator: "\n").map { line in
                    line.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
                })
            let defaults = [
                "plugins = tls_requirement",
                "milter_spool_directory = " + directory.appendingPathComponent("spool").path,
                "audit_log = " + directory.appendingPathComponent("audit.jsonl").path,
            ].filter { line in
                !keysSet.contains(String(line.prefix { $0 != " " }))
            }
            try (defaults.joined(separator: "\n") + "\n" + configuration).write(
                toFile: directory.appendingPathComponent("tlsguard.conf").path, atomically: true,
                encoding: .utf8)
            arguments =
                [
                    "milter", "--config", directory.appendingPathComponent("tlsguard.conf").path,
                    "--socket",
                    "unix:" + directory.appendingPathComponent("milter.sock").path,
                    "--socket-mode", "666", "--log", "stderr", "--log-level", "debug",
                ] + extraArguments
        case .scripted:
            arguments =
                [
                    "--socket", "unix:" + directory.appendingPathComponent("milter.sock").path,
                    "--report-dir", directory.appendingPathComponent("reports").path,
                    "--spool-directory", directory.appendingPathComponent("spool").path,
                ] + extraArguments
        }
        try start()
    }

    /// Starts (or restarts) the process and waits until its socket accepts connections.
    func start() throws {
        let executable = TestEnvironment.executable(
            kind == .tlsguard ? "tlsguard" : "milterkit-test-milter")
        let logPath = directory.appendingPathComponent("milter.log").path
        child = try ChildProcess(executable: executable, arguments: arguments, logPath: logPath)
        let path = socketPath
        let ready = TestEnvironment.waitUntil(seconds: 15) {
            (try? MilterWireClient(unixPath: path)) != nil
        }
        guard ready else {
            throw TestFailure("milter did not open \(socketPath); log:\n\(child?.log ?? "")")
        }
    }

    /// Stops with SIGTERM and waits for the exit.
    @discardableResult
    func stop() -> Bool {
        child?.stop(signal: SIGTERM) ?? true
    }

    /// Kills with SIGKILL, as a crash would.
    func kill() {
        child?.stop(signal: SIGKILL, seconds: 5)
    }

    var log: String { child?.log ?? "" }

    /// The JSON reports the scripted handler wrote for each message, oldest first.
    func messageReports() -> [[String: Any]] {
        reports(matching: { $0.contains("-m") })
    }

    /// The JSON records the scripted handler wrote when connections closed.
    func closeReports() -> [[String: Any]] {
        reports(matching: { $0.hasSuffix("-close.json") })
    }

    private func reports(matching include: (String) -> Bool) -> [[String: Any]] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: reportDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && include($0) }.sorted().compactMap { name in
            guard
                let data = FileManager.default.contents(
                    atPath: reportDirectory.appendingPathComponent(name).path)
            else { return nil }
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        }.sorted {
            ($0["connection"] as? Int ?? 0, $0["message"] as? Int ?? 0) < (
                $1["connection"] as? Int ?? 0, $1["message"] as? Int ?? 0
            )
        }
    }

    deinit {
        child?.stop(signal: SIGKILL, seconds: 5)
    }
}
