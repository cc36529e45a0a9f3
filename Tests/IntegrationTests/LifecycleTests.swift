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
