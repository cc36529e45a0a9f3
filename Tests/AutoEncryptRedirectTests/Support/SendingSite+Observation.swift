import Foundation

/// What the sending site's logs, queue and sinks show about a message. Postfix and
/// postlogd write some lines after the SMTP reply, so the functions that read them wait.
extension SendingSite {
    /// Waits until the sender Postfix received `queues` messages with `messageID` (the
    /// original, its copies and any attempt the milter refused) and finished each, then
    /// returns their delivery attempts.
    func deliveries(messageID: String, queues: Int, seconds: Int = 60) throws
        -> [PostfixLog.Delivery]
    {
        for _ in 0..<(seconds * 10) {
            let log = self.log
            let queueIDs = log.queueIDs(messageID: messageID)
            if queueIDs.count >= queues,
                queueIDs.allSatisfy({ log.isRemoved($0) || log.isMilterRejected($0) })
            {
                return log.deliveries(queueIDs: queueIDs)
            }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError(
            "message \(messageID) was not delivered in \(seconds)s; sender log:\n\(log.tail())")
    }

    /// Waits for the sender's `milter-reject` line of the message and returns it.
    func milterRejection(messageID: String) throws -> String {
        try waitForLine(messageID: messageID, containing: ": milter-reject: ").line
    }

    /// Returns the smtpd service of the recipient servers that received the message queued
    /// there as `queueID`, waiting up to five seconds for postlogd to write the line.
    func receivedBy(queueID: String) -> (service: String, tls: String?)? {
        for _ in 0..<50 {
            if let found = recipientLog.receivingService(queueID: queueID) { return found }
            usleepMilliseconds(100)
        }
        return nil
    }

    /// Returns the sender Postfix's queue (`postqueue -j`): queue id to queue name, such
    /// as `hold` or `deferred`.
    func queue() throws -> [String: String] {
        let listing = try TestProcess.run(["postqueue", "-c", postfix, "-j"])
        try OutboundServers.check(listing)
        var entries: [String: String] = [:]
        for line in listing.output.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let entry = object as? [String: Any], let id = entry["queue_id"] as? String
            else { continue }
            entries[id] = entry["queue_name"] as? String ?? ""
        }
        return entries
    }

    /// Waits for the `milter-hold` line of the message and returns its queue id.
    func heldQueueID(messageID: String) throws -> String {
        try waitForLine(messageID: messageID, containing: ": milter-hold: ").queueID
    }

    /// Waits up to ten seconds for a line of the sender's log that contains `text` and is
    /// about a queue id of the message.
    private func waitForLine(messageID: String, containing text: String) throws
        -> (queueID: String, line: String)
    {
        for _ in 0..<100 {
            let log = self.log
            for queueID in log.queueIDs(messageID: messageID) {
                if let line = log.lines(queueID: queueID).first(where: { $0.contains(text) }) {
                    return (queueID, line)
                }
            }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError(
            "no '\(text)' line for \(messageID); sender log:\n\(log.tail())")
    }

    /// Returns the messages of `sink` whose Message-ID is `messageID`.
    func messages(in sink: SMTPSink, messageID: String) -> [String] {
        sink.messages().filter { $0.contains("Message-ID: <\(messageID)>") }
    }
}
