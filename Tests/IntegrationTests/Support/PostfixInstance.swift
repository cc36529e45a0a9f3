import Foundation

/// A private Postfix on 127.0.0.1 and ::1 with the milter under test attached, created by
/// `Tests/Integration/postfix-instance`. It relays every message to an smtp-sink that
/// writes one file per transaction, which `delivered()` reads.
final class PostfixInstance: @unchecked Sendable {
    let directory: URL
    let port: Int
    let sinkPort: Int
    private var running = false

    /// Creates and starts the instance. `settings` are extra `main.cf` lines such as
    /// `header_size_limit = 1048576`.
    init(milter socketSpec: String, settings: [String] = []) throws {
        directory = try TestEnvironment.makeTemporaryDirectory("postfix")
        port = try TestEnvironment.freePort()
        sinkPort = try TestEnvironment.freePort()
        var arguments = [
            "create", directory.path, "--port", "\(port)", "--sink-port", "\(sinkPort)",
            "--milter", socketSpec,
        ]
        for setting in settings {
            arguments += ["--set", setting]
        }
        try PostfixInstance.script(arguments)
        try PostfixInstance.script(["start", directory.path])
        running = true
        let ready = TestEnvironment.waitUntil(seconds: 15) {
            (try? SMTPSession.banner(port: self.port)) == true
        }
        guard ready else { throw TestFailure("postfix did not answer on port \(port)\n\(maillog)") }
    }

    func stop() {
        guard running else { return }
        running = false
        _ = try? PostfixInstance.script(["stop", directory.path])
    }

    /// Stops the instance and removes its directory, unless the environment variable
    /// TLSGUARD_KEEP_TEST_DIRS is set, which keeps it for reading the maillog.
    deinit {
        stop()
        if ProcessInfo.processInfo.environment["TLSGUARD_KEEP_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    var maillog: String {
        (try? String(contentsOf: directory.appendingPathComponent("maillog"), encoding: .utf8))
            ?? ""
    }

    /// Runs one SMTP session with the steps of `smtp-session.py`.
    func session(_ steps: [[String: Any]], ipv6: Bool = false, helo: String = "client.example")
        throws -> [[SMTPSession.Reply]]
    {
        try SMTPSession.run(
            host: ipv6 ? "::1" : "127.0.0.1", port: port, helo: helo, steps: steps)
    }

    /// Writes `message` to a file and returns a transaction step that sends it.
    func transaction(from sender: String, to recipients: [String], message: [UInt8]) throws
        -> [String: Any]
    {
        let file = directory.appendingPathComponent("outgoing-\(UUID().uuidString).eml")
        try Data(message).write(to: file)
        return ["mail": sender, "rcpt": recipients, "data_file": file.path]
    }

    /// The messages the sink received, oldest first.
    func delivered() -> [SinkMessage] {
        SinkMessage.read(from: directory.appendingPathComponent("sink"))
    }

    /// Waits until the sink has at least `count` messages and no message is in Postfix's
    /// incoming or active queue, then returns them. smtp-sink writes a file while the
    /// transaction is still running; Postfix removes the message from the active queue
    /// only after the sink's final reply, so a file counted here is complete.
    func waitForDelivery(count: Int, seconds: Double = 30) -> [SinkMessage] {
        TestEnvironment.waitUntil(seconds: seconds) {
            guard self.delivered().count >= count else { return false }
            return !self.queue().contains {
                ["incoming", "active"].contains($0["queue_name"] as? String ?? "")
            }
        }
        return delivered()
    }

    /// Waits until the maillog shows `count` recipient deliveries (`status=sent`, one line
    /// per recipient), then returns the messages in the sink. Unlike `waitForDelivery`, it
    /// never returns a file that smtp-sink is still writing.
    func waitForSent(recipients count: Int, seconds: Double = 30) -> [SinkMessage] {
        TestEnvironment.waitUntil(seconds: seconds) {
            self.maillog.components(separatedBy: " status=sent ").count - 1 >= count
        }
        return delivered()
    }

    /// `postqueue -j` output: one JSON object per queued message.
    func queue() -> [[String: Any]] {
        let result = try? runCommand(
            "/usr/sbin/postqueue", ["-c", directory.appendingPathComponent("etc").path, "-j"])
        return (result?.output ?? "").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    @discardableResult
    private static func script(_ arguments: [String]) throws -> String {
        let result = try runCommand(TestEnvironment.script("postfix-instance"), arguments)
        guard result.status == 0 else {
            throw TestFailure("postfix-instance \(arguments.first ?? "") failed: \(result.output)")
        }
        return result.output
    }
}

/// One transaction as smtp-sink wrote it: its X-Mail-Args and X-Rcpt-Args lines, then the
/// message as Postfix relayed it.
struct SinkMessage {
    let bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Reads the files smtp-sink wrote into `sink`, in name order. Names start with the
    /// arrival time in seconds, so messages of the same second come in no set order.
    static func read(from sink: URL) -> [SinkMessage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sink.path)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: sink.appendingPathComponent(name).path)
                .map { SinkMessage(bytes: [UInt8]($0)) }
        }
    }

    /// Header lines of the relayed message (after smtp-sink's own Received header), each
    /// with its continuation lines joined by LF.
    var headerLines: [String] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var fields: [String] = []
        var inSinkPrefix = true
        var sinkReceivedSeen = false
        for line in lines {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1] += "\n" + line }
                continue
            }
            if inSinkPrefix {
                if line.hasPrefix("Received:") {
                    if sinkReceivedSeen {
                        inSinkPrefix = false
                    } else {
                        sinkReceivedSeen = true
                        continue
                    }
                } else if line.hasPrefix("X-Client-") || line.hasPrefix("X-Helo-Args:")
                    || line.hasPrefix("X-Mail-Args:") || line.hasPrefix("X-Rcpt-Args:")
                {
                    continue
                } else if sinkReceivedSeen {
                    inSinkPrefix = false
                } else {
                    continue
                }
            }
            fields.append(line)
        }
        return fields
    }

    /// Header fields named `name` (case-insensitive), as whole lines.
    func headers(_ name: String) -> [String] {
        headerLines.filter { $0.lowercased().hasPrefix(name.lowercased() + ":") }
    }

    /// The envelope recipients smtp-sink received, without ESMTP parameters. A quoted
    /// local part may contain spaces, so each address ends at its closing bracket.
    var recipients: [String] {
        sinkLines("X-Rcpt-Args: ").map { line in
            guard let end = line.firstIndex(of: ">") else { return line }
            return String(line[...end])
        }
    }

    var mailArguments: String {
        sinkLines("X-Mail-Args: ").first ?? ""
    }

    private func sinkLines(_ prefix: String) -> [String] {
        text.components(separatedBy: "\n").prefix(while: { !$0.hasPrefix("Received:") })
            .filter { $0.hasPrefix(prefix) }.map {
                String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
    }
}

/// An SMTP client session through `Tests/Integration/smtp-session.py`.
enum SMTPSession {
    struct Reply: CustomStringConvertible {
        let code: Int
        let text: String
        var description: String { "\(code) \(text)" }
    }

    static func run(host: String, port: Int, helo: String, steps: [[String: Any]]) throws
        -> [[Reply]]
    {
        let plan: [String: Any] = ["host": host, "port": port, "helo": helo, "steps": steps]
        let input = try JSONSerialization.data(withJSONObject: plan)
        let result = try runCommand(
            "/usr/bin/python3", [TestEnvironment.script("smtp-session.py")], input: input)
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(result.output.utf8))
                as? [String: Any],
            let stepReplies = object["steps"] as? [[[Any]]]
        else {
            throw TestFailure("smtp-session.py failed: \(result.output)")
        }
        return stepReplies.map { replies in
            replies.map { Reply(code: $0.first as? Int ?? -1, text: $0.last as? String ?? "") }
        }
    }

    /// True when a 220 banner arrives on 127.0.0.1:`port`.
    static func banner(port: Int) throws -> Bool {
        let replies = try run(host: "127.0.0.1", port: port, helo: "probe.example", steps: [])
        return replies.allSatisfy { $0.allSatisfy { $0.code != 0 } }
    }
}

/// Builds a test message with CRLF line ends.
enum TestMessage {
    static func make(headers: [String], body: String = "Hello.\r\n") -> [UInt8] {
        Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static func make(rawHeaders: [[UInt8]], body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        for line in rawHeaders {
            bytes += line + [0x0D, 0x0A]
        }
        return bytes + [0x0D, 0x0A] + body
    }
}
