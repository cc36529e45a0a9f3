import Foundation

/// Running the test tools (openssl, postfix, python3, smtp-sink) from tests.
enum TestProcess {
    /// The folder of this target's fixtures, found from this file's path.
    static let fixtures: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/outbound").path
    }()

    /// True when every program in `names` is on PATH or at the given absolute path.
    static func available(_ names: [String]) -> Bool {
        names.allSatisfy { name in
            if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) }
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return path.split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
            }
        }
    }

    /// Runs a program to its end and returns its exit status and combined output.
    @discardableResult
    static func run(_ arguments: [String], input: Data? = nil) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts a server that prints `PORT <port> <pid>` when it listens, and returns the
    /// process and the port. A watchdog kills the server's pid when the test process
    /// exits. The pid comes from the server, because a launcher such as pyenv may run it
    /// in a child process.
    static func startServer(_ arguments: [String]) throws -> (process: Process, port: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 3, fields[0] == "PORT", let port = Int(fields[1]),
            let pid = Int(fields[2])
        else {
            process.terminate()
            throw TestEnvironmentError("\(arguments.joined(separator: " ")) did not start: \(text)")
        }
        watch(cleanup: "kill \(pid)")
        return (process, port)
    }

    /// Runs `command` in a shell once this test process has exited.
    static func watch(cleanup command: String) {
        let pid = ProcessInfo.processInfo.processIdentifier
        let script = "while kill -0 \(pid) 2>/dev/null; do sleep 1; done; \(command)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }

    /// Makes a fresh directory under /tmp that every user can write to.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path =
            NSTemporaryDirectory() + "tlsguard-outbound-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        return path
    }
}

struct TestEnvironmentError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
