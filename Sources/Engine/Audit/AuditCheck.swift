import Foundation

/// Checks an audit trail for sensitive messages that went to a recipient without
/// protection, so an auditor can show that no PHI left in clear text.
///
/// A record is sensitive when its `phi` field is true or a finding has kind `SENSITIVE`.
/// A recipient of a sensitive message is protected when its action enforces TLS,
/// encrypts, redirects, holds or rejects, or when the message as a whole was rejected,
/// tempfailed, discarded or quarantined. Anything else is an exposure.
public struct AuditCheck {
    /// One recipient of a sensitive message that was delivered without protection.
    public struct Exposure: Sendable, Hashable {
        public var line: Int
        public var time: String?
        public var queueID: String?
        public var recipient: String
        public var action: String
        public var rule: String?
    }

    public private(set) var records = 0
    public private(set) var sensitiveRecords = 0
    /// Actions taken for recipients of sensitive messages, with their counts.
    public private(set) var sensitiveActions: [String: Int] = [:]
    public private(set) var exposures: [Exposure] = []
    /// Lines that are not audit records, as `(line, reason)`.
    public private(set) var malformed: [(line: Int, reason: String)] = []

    public init() {}

    static let protectiveVerdicts: Set<String> = ["reject", "tempfail", "discard", "quarantine"]
    static let protectiveActions = ["enforce_tls", "encrypt", "redirect", "hold", "reject"]

    /// Checks one line of the audit trail; `number` is its 1-based line number.
    public mutating func add(line text: Substring, number: Int) {
        guard !text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return }
        guard let data = text.data(using: .utf8),
            let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let verdict = record["verdict"] as? String
        else {
            malformed.append((number, "not a JSON audit record with a verdict"))
            return
        }
        records += 1
        guard AuditCheck.isSensitive(record) else { return }
        sensitiveRecords += 1
        let recipients = record["recipients"] as? [[String: Any]] ?? []
        for recipient in recipients {
            let action = recipient["action"] as? String ?? "deliver"
            sensitiveActions[action, default: 0] += 1
            guard !AuditCheck.protectiveVerdicts.contains(verdict),
                !AuditCheck.protectiveActions.contains(where: { action.hasPrefix($0) })
            else {
                continue
            }
            exposures.append(
                Exposure(
                    line: number, time: record["time"] as? String,
                    queueID: record["queue_id"] as? String,
                    recipient: recipient["address"] as? String ?? "",
                    action: action, rule: recipient["rule"] as? String))
        }
    }

    static func isSensitive(_ record: [String: Any]) -> Bool {
        if record["phi"] as? Bool == true {
            return true
        }
        let findings = record["findings"] as? [[String: Any]] ?? []
        return findings.contains { $0["kind"] as? String == "SENSITIVE" }
    }
}
