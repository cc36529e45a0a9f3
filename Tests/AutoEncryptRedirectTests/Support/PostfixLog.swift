import Foundation

/// A Postfix log written with `maillog_file`, read for the lines about one message.
///
/// Lines look like `Jan  1 12:00:00 host postfix/smtp[123]: 4Xq1: to=<a@x.example>, ...`.
/// The process field (`postfix/smtp[123]`) is the first word that ends in `]:`.
struct PostfixLog: Sendable {
    /// One delivery attempt: a `status=` line and what the same process logged about TLS.
    struct Delivery: Sendable, CustomStringConvertible {
        var line: String
        /// The logging process without its pid, such as `postfix/tlsguard-enforce/smtp`.
        var service: String
        var recipient: String
        var status: String
        /// The last `TLS connection established` line of the same process before `line`.
        var tls: String?
        /// The receiving server's queue id from `queued as ID`, when it sent one.
        var remoteQueueID: String?

        var description: String { line }
    }

    let path: String

    func lines() -> [String] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Returns the last lines of the log, for failure messages.
    func tail(_ count: Int = 30) -> String {
        lines().suffix(count).joined(separator: "\n")
    }

    /// Returns the process field of `line` (`name[pid]`) without the colon.
    static func process(of line: String) -> Substring? {
        line.split(separator: " ").first { $0.hasSuffix("]:") }?.dropLast()
    }

    /// Returns the queue ids whose cleanup logged `message-id=<messageID>`, in log order.
    /// The original message and every copy reinjected from it share the Message-ID.
    func queueIDs(messageID: String) -> [String] {
        let needle = ": message-id=<\(messageID)>"
        return lines().compactMap { line in
            guard line.hasSuffix(needle), let process = PostfixLog.process(of: line) else {
                return nil
            }
            let rest = line[process.endIndex...].dropFirst(2)
            return String(rest.prefix { $0 != ":" })
        }
    }

    /// Returns every delivery attempt logged for `queueIDs`.
    func deliveries(queueIDs: [String]) -> [Delivery] {
        let lines = lines()
        var found: [Delivery] = []
        for (index, line) in lines.enumerated() {
            guard queueIDs.contains(where: { line.contains(" \($0): to=<") }),
                line.contains(" status="), let process = PostfixLog.process(of: line)
            else { continue }
            let tls = lines[..<index].last {
                $0.contains(" \(process): ") && $0.contains("TLS connection established")
            }
            found.append(
                Delivery(
                    line: line, service: String(process.prefix { $0 != "[" }),
                    recipient: PostfixLog.field(" to=", in: line) ?? "",
                    status: PostfixLog.field(" status=", in: line) ?? "",
                    tls: tls, remoteQueueID: PostfixLog.remoteQueueID(in: line)))
        }
        return found
    }

    /// Returns true when qmgr logged `removed` for the queue id, so no delivery is pending.
    func isRemoved(_ queueID: String) -> Bool {
        lines().contains { $0.hasSuffix(" \(queueID): removed") }
    }

    /// Returns true when cleanup logged `milter-reject`: the milter rejected or tempfailed
    /// the message, and Postfix did not queue it.
    func isMilterRejected(_ queueID: String) -> Bool {
        lines().contains { $0.contains(" \(queueID): milter-reject: ") }
    }

    /// Returns the lines that mention `queueID`.
    func lines(queueID: String) -> [String] {
        lines().filter { $0.contains(" \(queueID): ") }
    }

    /// Returns the value of `key` (such as ` to=`) up to the next comma or space.
    private static func field(_ key: String, in line: String) -> String? {
        guard let start = line.range(of: key)?.upperBound else { return nil }
        return String(line[start...].prefix { $0 != "," && $0 != " " })
    }

    private static func remoteQueueID(in line: String) -> String? {
        guard let start = line.range(of: "queued as ")?.upperBound else { return nil }
        return String(line[start...].prefix { $0.isLetter || $0.isNumber })
    }

    // MARK: - Receiving side

    /// Returns the smtpd service that received the message queued as `queueID` (such as
    /// `recipient-tls/smtpd`) and that process's TLS line, when it logged one.
    func receivingService(queueID: String) -> (service: String, tls: String?)? {
        let lines = lines()
        guard let index = lines.firstIndex(where: { $0.contains(" \(queueID): client=") }),
            let process = PostfixLog.process(of: lines[index])
        else { return nil }
        let tls = lines[..<index].last {
            $0.contains(" \(process): ") && $0.contains("TLS connection established from")
        }
        return (String(process.prefix { $0 != "[" }), tls)
    }
}
