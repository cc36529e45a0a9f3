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
        public var file: String
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
    /// Lines that are not audit records, or whose fields have the wrong type.
    public private(set) var malformed: [(file: String, line: Int, reason: String)] = []

    public init() {}

    static let protectiveVerdicts: Set<String> = ["reject", "tempfail", "discard", "quarantine"]
    static let protectiveActions = ["enforce_tls", "encrypt", "redirect", "hold", "reject"]

    /// Checks one line of the audit trail; `number` is its 1-based line number in `file`.
    public mutating func add(line text: Substring, number: Int, file: String = "-") {
        guard !text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return }
        let record: AuditLine
        switch AuditLine.decode(text) {
        case .success(let decoded):
            record = decoded
        case .failure(let error):
            malformed.append((file, number, error.reason))
            return
        }
        records += 1
        guard record.isSensitive else { return }

        sensitiveRecords += 1
        for recipient in record.recipients ?? [] {
            let action = recipient.action ?? "deliver"
            sensitiveActions[action, default: 0] += 1
            guard !AuditCheck.protectiveVerdicts.contains(record.verdict),
                !AuditCheck.protectiveActions.contains(where: { action.hasPrefix($0) })
            else {
                continue
            }
            exposures.append(
                Exposure(
                    file: file, line: number, time: record.time, queueID: record.queueID,
                    recipient: recipient.address ?? "", action: action, rule: recipient.rule))
        }
    }
}
