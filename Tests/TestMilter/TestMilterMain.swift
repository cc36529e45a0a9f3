import Foundation
import Logging
import MilterKit

/// Parses the options of the test milter and runs the server.
///
/// Options: `--socket SPEC` (required), `--report-dir DIR` (required), `--socket-mode
/// OCTAL`, `--body-memory-limit BYTES`, `--spool-directory DIR`, `--progress-interval-ms
/// N`, `--max-progress-ms N`, `--max-header-count N`, `--max-header-bytes N`, `--log-level LEVEL`.
enum TestMilterMain {
    static func run(arguments: [String]) -> Int32 {
        var options: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count {
            options[arguments[index]] = arguments[index + 1]
            index += 2
        }
        guard let socket = options["--socket"], let reportDirectory = options["--report-dir"]
        else {
            FileHandle.standardError.write(Data("usage: --socket SPEC --report-dir DIR\n".utf8))
            return 64
        }
        do {
            let configuration = try makeConfiguration(socket: socket, options: options)
            let level = LogLevel(name: options["--log-level"] ?? "debug") ?? .debug
            let logger = Logger(
                label: "test-milter", handler: StandardErrorLogHandler(), minimumLevel: level)
            let handler = ScriptedHandler(reportDirectory: reportDirectory)
            let server = try MilterServer(
                configuration: configuration, handler: handler, logger: logger)
            try server.run(onReload: {
                server.replaceHandler(
                    ScriptedHandler(reportDirectory: reportDirectory, generation: 2))
                logger.info("handler replaced", ["generation": "2"])
            })
            return 0
        } catch {
            FileHandle.standardError.write(Data("test milter failed: \(error)\n".utf8))
            return 74
        }
    }

    static func makeConfiguration(socket: String, options: [String: String]) throws
        -> MilterConfiguration
    {
        var configuration = MilterConfiguration()
        configuration.filterName = "milterkit-test"
        configuration.socket = try SocketSpec(parsing: socket)
        configuration.unixSocketMode = UInt32(options["--socket-mode"] ?? "666", radix: 8) ?? 0o666
        if let limit = options["--body-memory-limit"].flatMap({ Int($0) }) {
            configuration.bodyMemoryLimit = limit
        }
        if let directory = options["--spool-directory"] {
            configuration.spoolDirectory = directory
        }
        if let interval = options["--progress-interval-ms"].flatMap({ Int($0) }) {
            configuration.progressInterval = .milliseconds(interval)
        }
        if let limit = options["--max-progress-ms"].flatMap({ Int($0) }) {
            configuration.maxProgressDuration = .milliseconds(limit)
        }
        if let count = options["--max-header-count"].flatMap({ Int($0) }) {
            configuration.maxHeaderCount = count
        }
        if let bytes = options["--max-header-bytes"].flatMap({ Int($0) }) {
            configuration.maxHeaderBytes = bytes
        }
        return configuration
    }
}
