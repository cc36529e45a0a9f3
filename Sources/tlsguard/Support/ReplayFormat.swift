import Engine
import PluginAPI

/// The text and JSON forms of one replay result.
enum ReplayFormat {
    static func source(_ result: ReplayResult) -> ReportValue {
        .object([
            ("file", .string(result.file)),
            ("index", result.index.map { .int($0) } ?? .null),
        ])
    }

    static func outcomeFields(_ result: ReplayResult) -> [(String, ReportValue)] {
        guard let outcome = result.outcome else {
            return [("error", .string(result.error ?? "not replayed"))]
        }
        return AuditRecord.outcomeFields(outcome)
    }

    /// Formats one JSON object: source, message_id, the outcome fields, derived, error.
    static func jsonLine(_ result: ReplayResult) -> String {
        var fields: [(String, ReportValue)] = [
            ("source", source(result)),
            ("message_id", result.messageID.map { .string($0) } ?? .null),
        ]
        if let outcome = result.outcome {
            fields += AuditRecord.outcomeFields(outcome)
        }
        fields.append(("derived", .array(result.derived.map { .string($0) })))
        fields.append(("error", result.error.map { .string($0) } ?? .null))
        return ReportValue.object(fields).json
    }

    static func sourceText(_ result: ReplayResult) -> String {
        result.file + (result.index.map { ":\($0)" } ?? "")
    }

    /// Formats one line: source, Message-ID, verdict and reply, rules, headers added and
    /// changed, recipients.
    static func textLine(_ result: ReplayResult) -> String {
        var line = sourceText(result)
        line += " " + (result.messageID ?? "(no Message-ID)")
        guard let outcome = result.outcome else {
            return line + " error: " + (result.error ?? "not replayed")
        }
        line += " " + outcome.verdict.rawValue
        if let reply = outcome.reply {
            line += " \"\(reply.code) \(reply.enhancedCode) \(reply.text)\""
        }
        if !outcome.rules.isEmpty {
            line += " rules=" + outcome.rules.joined(separator: ",")
        }
        for header in outcome.headersAdded {
            line += " +[\(header.name): \(header.value)]"
        }
        for edit in outcome.edits {
            if case .changeHeader(let name, _, let value) = edit {
                line += " ~[\(name): \(value)]"
            } else if case .deleteHeader(let name, _) = edit {
                line += " -[\(name)]"
            }
        }
        line += " to=" + outcome.recipients.map { recipient in
            EnvelopeAddress(raw: recipient.recipient).description + ":" + recipient.action.name
                + (recipient.copy.map { "(copy \($0))" } ?? "")
        }.joined(separator: ",")
        if !result.derived.isEmpty {
            line += " derived=" + result.derived.joined(separator: ",")
        }
        return line
    }

    /// Returns what `--diff` compares: verdict, reply, rules, headers added and changed,
    /// and recipient actions.
    static func signature(_ result: ReplayResult) -> String {
        guard let outcome = result.outcome else { return "error" }
        var fields = AuditRecord.outcomeFields(outcome)
        fields.removeAll { $0.0 == "findings" }
        return ReportValue.object(fields).json
    }
}
