import Foundation

/// `tlsguard milter`, the built daemon, run from the products directory with a
/// configuration file that the test writes. Its log goes to `milter.log` in its directory.
///
/// A watchdog kills it when the test process exits.
final class TLSGuardDaemon: Sendable {
    /// The directory of the built products, where the test bundle and `tlsguard` are.
    static let productsDirectory: URL = URL(fileURLWithPath: "/proc/self/exe")
        .resolvingSymlinksInPath().deletingLastPathComponent()

    static let executable = productsDirectory.appendingPathComponent("tlsguard").path

    static var built: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    let directory: String
    let pid: Int32

    var configPath: String { directory + "/tlsguard.conf" }
    var socketPath: String { directory + "/milter.sock" }
    var logPath: String { directory + "/milter.log" }

    /// Writes `configuration` to `tlsguard.conf`, starts the daemon on a unix socket in
    /// `directory` that every user can write to, and waits up to 15 seconds for the socket.
    init(directory: String, configuration: String) throws {
        self.directory = directory
        try configuration.write(
            toFile: directory + "/tlsguard.conf", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: directory + "/milter.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/milter.log"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TLSGuardDaemon.executable)
        process.arguments = [
            "milter", "--config", directory + "/tlsguard.conf", "--socket",
            "unix:" + directory + "/milter.sock", "--socket-mode", "666", "--log", "stderr",
            "--log-level", "debug",
        ]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        pid = process.processIdentifier
        TestProcess.watch(cleanup: "kill -9 \(pid)")

        try waitForSocket(process)
    }

    private func waitForSocket(_ process: Process) throws {
        for _ in 0..<150 {
            if FileManager.default.fileExists(atPath: socketPath) { return }
            guard process.isRunning else { break }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError("tlsguard milter did not open \(socketPath):\n\(log())")
    }

    /// Returns the daemon's log so far.
    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Returns the log lines that contain every string in `parts`.
    func logLines(containing parts: String...) -> [String] {
        log().split(separator: "\n").map(String.init).filter { line in
            parts.allSatisfy { line.contains($0) }
        }
    }
}
