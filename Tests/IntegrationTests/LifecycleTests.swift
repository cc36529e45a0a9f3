import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Signals and handler replacement of a running milter.
@Suite struct LifecycleTests {
    @Test func sigtermStopsAndRemovesSocket() throws {
        let milter = try MilterProcess(
            .tlsguard, directory: TestEnvironment.makeTemporaryDirectory("stop"))
        let child = try #require(milter.child)
        #expect(child.stop(signal: SIGTERM, seconds: 15))
        #expect(child.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: milter.socketPath))
        #expect(milter.log.contains("stopped socket=unix:"))
    }

    @Test func sigintStopsToo() throws {
        let milter = try MilterProcess(
            .tlsguard, directory: TestEnvironment.makeTemporaryDirectory("int"))
        let child = try #require(milter.child)
        #expect(child.stop(signal: SIGINT, seconds: 15))
        #expect(child.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: milter.socketPath))
    }

    @Test func staleSocketIsReplaced() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("stale")
        let first = try MilterProcess(.tlsguard, directory: directory)
        first.kill()
        #expect(FileManager.default.fileExists(atPath: first.socketPath), "SIGKILL leaves the file")
        let second = try MilterProcess(.tlsguard, directory: directory)
        let client = try MilterWireClient(unixPath: second.socketPath)
        try client.open()
        #expect(try client.sendMessage(headers: []).final.command == "a")
    }

    @Test func secondMilterOnSameSocketIsRejected() throws {
        let first = try MilterProcess(
            .tlsguard, directory: TestEnvironment.makeTemporaryDirectory("twice"))
        let second = try ChildProcess(
            executable: TestEnvironment.executable("tlsguard"), arguments: first.arguments,
            logPath: first.directory.appendingPathComponent("second.log").path)

        try #require(TestEnvironment.waitUntil(seconds: 15) { !second.isRunning })
        #expect(second.process.terminationStatus == 74)
        #expect(
            second.log.contains(
                "another process is listening on unix socket \(first.socketPath)"),
            "log: \(second.log)")
        #expect(first.child?.isRunning == true)
        let client = try MilterWireClient(unixPath: first.socketPath)
        try client.open()
        #expect(try client.sendMessage(headers: []).final.command == "a")
        try client.quit()
        #expect(first.stop())
        #expect(!FileManager.default.fileExists(atPath: first.socketPath))
    }

    @Test func fileAtSocketPathIsKept() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("notsock")
        let path = directory.appendingPathComponent("milter.sock").path
        try "not a socket\n".write(toFile: path, atomically: true, encoding: .utf8)
        let milter = try ChildProcess(
            executable: TestEnvironment.executable("milterkit-test-milter"),
            arguments: ["--socket", "unix:" + path, "--report-dir", directory.path],
            logPath: directory.appendingPathComponent("milter.log").path)

        try #require(TestEnvironment.waitUntil(seconds: 15) { !milter.isRunning })
        #expect(milter.process.terminationStatus == 74)
        #expect(milter.log.contains("exists and is not a socket"), "log: \(milter.log)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a socket\n")
    }

    /// When another process replaced the socket file of a running milter, stopping that
    /// milter leaves the new file alone. As root, and also as an unprivileged user, because
    /// libmilter removes the socket path itself only when it does not run as root.
    @Test(arguments: [false, true])
    func stopLeavesReplacedSocket(unprivileged: Bool) throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("replaced")
        chmod(directory.path, 0o777)
        let path = directory.appendingPathComponent("milter.sock").path
        let first = try startScriptedMilter(
            directory: directory, name: "first", unprivileged: unprivileged)
        unlink(path)
        let second = try startScriptedMilter(directory: directory, name: "second")

        try #require(first.stop(signal: SIGTERM, seconds: 15))
        #expect(first.process.terminationStatus == 0)
        #expect(first.log.contains("socket file left in place"), "log: \(first.log)")
        #expect(FileManager.default.fileExists(atPath: path))
        let client = try MilterWireClient(unixPath: path)
        try client.open()
        #expect(try client.sendMessage(headers: []).final.command == "a")
        try client.quit()
        let secondReports = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("second-reports").path)
        #expect(secondReports.contains { $0.contains("-m") }, "the second milter answered")
        #expect(second.stop(signal: SIGTERM, seconds: 15))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// Starts the scripted milter on `directory/milter.sock` and waits until it accepts
    /// connections. With `unprivileged`, a test run as root starts it as user nobody.
    func startScriptedMilter(directory: URL, name: String, unprivileged: Bool = false) throws
        -> ChildProcess
    {
        let reports = directory.appendingPathComponent(name + "-reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        chmod(reports.path, 0o777)
        let path = directory.appendingPathComponent("milter.sock").path
        var command = [
            TestEnvironment.executable("milterkit-test-milter"), "--socket", "unix:" + path,
            "--report-dir", reports.path, "--spool-directory", reports.path,
        ]
        if unprivileged && getuid() == 0 {
            command =
                ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
                + command
        }
        let child = try ChildProcess(
            executable: command[0], arguments: Array(command.dropFirst()),
            logPath: directory.appendingPathComponent(name + ".log").path)
        let ready = TestEnvironment.waitUntil(seconds: 15) {
            child.isRunning && (try? MilterWireClient(unixPath: path)) != nil
        }
        guard ready else { throw TestFailure("\(name) milter did not start: \(child.log)") }
        return child
    }

    @Test func sighupReplacesHandlerForNewConnections() throws {
        let milter = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("hup"))
        let pid = try #require(milter.child?.pid)
        let old = try MilterWireClient(unixPath: milter.socketPath)
        try old.open()

        for _ in 0..<20 {
            kill(pid, SIGHUP)
            usleep(20_000)
        }
        TestEnvironment.waitUntil(seconds: 5) { milter.log.contains("handler replaced") }
        let new = try MilterWireClient(unixPath: milter.socketPath)
        try new.open()
        _ = try new.sendMessage(queueID: "4NEW", headers: [])
        _ = try old.sendMessage(queueID: "4OLD", headers: [])
        TestEnvironment.waitUntil(seconds: 5) { milter.messageReports().count == 2 }

        let reports = milter.messageReports()
        let generations = Dictionary(
            uniqueKeysWithValues: reports.map {
                ($0["queue_id"] as? String ?? "", $0["generation"] as? Int ?? 0)
            })
        #expect(generations["4OLD"] == 1, "an open connection keeps its handler")
        #expect(generations["4NEW"] == 2, "a new connection gets the new handler")
        #expect(milter.child?.isRunning == true, "SIGHUP never stops the milter")
    }

    @Test func manyConcurrentConnections() throws {
        let milter = try MilterProcess(
            .scripted, directory: TestEnvironment.makeTemporaryDirectory("many"),
            extraArguments: ["--log-level", "info"])
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            do {
                let client = try MilterWireClient(unixPath: milter.socketPath)
                try client.open()
                for message in 0..<3 {
                    let result = try client.sendMessage(
                        queueID: "4C\(index)M\(message)",
                        headers: [("X-Index", Array(" \(index)".utf8))])
                    if result.final.command != "a" { failures.increment() }
                }
                try client.quit()
            } catch {
                failures.increment()
            }
        }
        #expect(failures.value == 0)
        TestEnvironment.waitUntil(seconds: 10) { milter.closeReports().count == 40 }
        let reports = milter.messageReports()
        #expect(reports.count == 120)
        for report in reports {
            let index = (report["queue_id"] as? String ?? "").dropFirst(2).prefix { $0 != "M" }
            let headers = report["headers"] as? [[String: String]] ?? []
            #expect(headers.count == 1)
            #expect(
                headers.first?["value_hex"] == hexString(String(index)),
                "no state crosses connections")
        }
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
