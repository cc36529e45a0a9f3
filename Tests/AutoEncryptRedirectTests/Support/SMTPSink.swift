import Foundation

/// An `smtp-sink` on loopback that writes each message it receives to a file, with the
/// envelope in `X-Mail-Args:` and `X-Rcpt-Args:` lines before the message.
final class SMTPSink: Sendable {
    let address: String
    let port: Int
    let directory: String
    let pid: Int32

    /// Starts the sink; `rejectRecipients` makes it refuse every RCPT TO with a 5xx reply.
    init(address: String, port: Int, rejectRecipients: Bool = false) throws {
        self.address = address
        self.port = port
        directory = try TestProcess.temporaryDirectory("sink")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/smtp-sink")
        process.arguments =
            ["-u", "nobody", "-d", directory + "/%M%S."] + (rejectRecipients ? ["-f", "rcpt"] : [])
            + ["\(address):\(port)", "20"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        pid = process.processIdentifier
        TestProcess.watch(cleanup: "kill -9 \(pid)")
        try SMTPSink.waitUntilListening(address: address, port: port)
    }

    func stop() {
        kill(pid, SIGKILL)
    }

    /// Returns the messages received so far, as text.
    func messages() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap {
            try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8)
        }
    }

    /// Waits for up to `seconds` until `count` messages arrived.
    func waitForMessages(_ count: Int, seconds: Int = 10) -> [String] {
        for _ in 0..<(seconds * 10) {
            let found = messages()
            if found.count >= count { return found }
            usleepMilliseconds(100)
        }
        return messages()
    }

    static func waitUntilListening(address: String, port: Int) throws {
        for _ in 0..<50 {
            let result = try TestProcess.run([
                "bash", "-c", "exec 3<>/dev/tcp/\(address)/\(port)",
            ])
            if result.status == 0 { return }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError("smtp-sink on \(address):\(port) did not start")
    }
}
