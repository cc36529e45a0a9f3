import Glibc
import PluginAPI

/// The JSON form of a message's outcome, shared by the audit log and `tlsguard replay`.
public enum AuditRecord {
    /// Returns the fields every record has, in a fixed order: verdict, reply, rules,
    /// headers added and changed, recipients with their actions, findings (kinds and
    /// counts, never values), plugin failures, then the plugins' own report fields.
    public static func outcomeFields(_ outcome: MessageOutcome) -> [(String, ReportValue)] {
        var fields: [(String, ReportValue)] = [
            ("verdict", .string(outcome.verdict.rawValue)),
            ("reply", reply(outcome.reply)),
            ("rules", .array(outcome.rules.map { .string($0) })),
            (
                "headers_added",
                .array(outcome.headersAdded.map { .array([.string($0.name), .string($0.value)]) })
            ),
            ("headers_changed", .array(changedHeaders(outcome.edits))),
            ("recipients", .array(outcome.recipients.map(recipient))),
            ("findings", .array(outcome.findings.map(finding))),
        ]
        if !outcome.failures.isEmpty {
            fields.append(("failures", .array(outcome.failures.map(failure))))
        }
        for field in outcome.report {
            fields.removeAll { $0.0 == field.key }
            fields.append((field.key, field.value))
        }
        return fields
    }

    /// Formats one audit line: time, queue id, connection and envelope, then
    /// `outcomeFields`.
    static func json(
        outcome: MessageOutcome, queueID: String?, connection: ConnectionInfo,
        envelope: Envelope
    ) -> String {
        var fields: [(String, ReportValue)] = [
            ("time", .string(timestamp())),
            ("queue_id", queueID.map { .string($0) } ?? .null),
            ("client_addr", connection.clientAddress.ip.map { .string($0) } ?? .null),
            ("client_name", connection.clientHostname.map { .string($0) } ?? .null),
            ("tls", tls(connection.tls)),
            ("sender", .string(envelope.sender?.description ?? "<>")),
        ]
        fields += outcomeFields(outcome)
        return ReportValue.object(fields).json
    }

    /// Changed fields as `[name, value]` and deleted ones as `[name, null]`.
    static func changedHeaders(_ edits: [MessageEdit]) -> [ReportValue] {
        edits.compactMap { edit in
            switch edit {
            case .changeHeader(let name, _, let value):
                .array([.string(name), .string(value)])
            case .deleteHeader(let name, _):
                .array([.string(name), .null])
            default:
                nil
            }
        }
    }

    static func reply(_ reply: SMTPReply?) -> ReportValue {
        guard let reply else { return .null }
        return .object([
            ("code", .int(reply.code)),
            ("enhanced_code", .string(reply.enhancedCode.description)),
            ("text", .string(reply.text)),
        ])
    }

    static func recipient(_ outcome: RecipientOutcome) -> ReportValue {
        var fields: [(String, ReportValue)] = [
            ("address", .string(EnvelopeAddress(raw: outcome.recipient).address)),
            ("action", .string(outcome.action.name)),
            ("rule", .string(outcome.rule)),
        ]
        if case .redirect(let gateway) = outcome.action {
            fields.append(("redirect_to", .string(gateway)))
        }
        if let copy = outcome.copy {
            fields.append(("copy", .int(copy)))
        }
        if !outcome.reason.isEmpty {
            fields.append(("reason", .string(outcome.reason)))
        }
        return .object(fields)
    }

    /// A finding's plugin, rule, kind and count. Redacted forms (`***-**-6789`) are added
    /// only when the plugin put them into the finding, which PHI detection does only with
    /// `phi_audit_redacted = yes`.
    static func finding(_ finding: Finding) -> ReportValue {
        var fields: [(String, ReportValue)] = [
            ("plugin", .string(finding.plugin)),
            ("rule", .string(finding.rule)),
            ("kind", .string(finding.kind)),
            ("count", .int(finding.count)),
        ]
        if let redacted = finding.attributes["redacted"], !redacted.isEmpty {
            fields.append(("redacted", .string(redacted)))
        }
        return .object(fields)
    }

    static func failure(_ failure: PluginFailure) -> ReportValue {
        .object([
            ("plugin", .string(failure.plugin)),
            ("stage", .string(failure.stage.rawValue)),
            ("reason", .string(failure.reason)),
            ("policy", .string(failure.policy.rawValue)),
        ])
    }

    static func tls(_ facts: TLSFacts?) -> ReportValue {
        guard let facts else { return .null }
        return .object([
            ("version", facts.version.map { .string($0) } ?? .null),
            ("cipher", facts.cipher.map { .string($0) } ?? .null),
            ("bits", facts.cipherBits.map { .int($0) } ?? .null),
        ])
    }

    /// Formats the current UTC time as RFC 3339 with seconds.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
