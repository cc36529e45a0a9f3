import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A process the test started, with its output in a log file. Stopped by PID.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(executable: String, arguments: [String], logPath: String) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Sends `signal` and waits up to `seconds` for the process to exit.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, seconds: Double = 15) -> Bool {
        guard process.isRunning else { return true }
        kill(pid, signal)
        return TestEnvironment.waitUntil(seconds: seconds) { !process.isRunning }
    }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
        }
    }
}

/// Runs a command to completion and returns its exit status and output.
///
/// The output goes through a temporary file rather than a pipe: a daemon that the
/// command starts in the background (smtp-sink, Postfix) may inherit a pipe's write end
/// and keep it open, and reading the pipe to its end would then never return.
func runCommand(_ executable: String, _ arguments: [String], input: Data? = nil) throws
    -> (status: Int32, output: String)
{
    let outputPath = NSTemporaryDirectory() + "tlsguard-command-\(UUID().uuidString).out"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    defer { try? output.close() }

    let inputPipe = Pipe()
    let process = try startRetryingSpawnRace {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        return process
    }
    if let input {
        inputPipe.fileHandleForWriting.write(input)
        try inputPipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return (process.terminationStatus, text)
}

/// Starts the process that `make` sets up, and a second one when the first start fails
/// with EBADF. Foundation's Process failed that way once in a full parallel test run here,
/// before any child ran, so starting a new one repeats nothing.
func startRetryingSpawnRace(_ make: () -> Process) throws -> Process {
    let process = make()
    do {
        try process.run()
        return process
    } catch let error as NSError where isBadDescriptor(error) {
        let retry = make()
        try retry.run()
        return retry
    }
}

private func isBadDescriptor(_ error: NSError) -> Bool {
    let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
    return (underlying?.domain == NSPOSIXErrorDomain && underlying?.code == Int(EBADF))
        || (error.domain == NSPOSIXErrorDomain && error.code == Int(EBADF))
}
