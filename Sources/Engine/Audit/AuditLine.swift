import Foundation

/// The fields of one audit record that `AuditCheck` reads, with the types the engine
/// writes. Decoding is strict, so a hand-edited `"phi":"yes"` or `"phi":1` is an error
/// rather than a record that silently counts as not sensitive.
struct AuditLine: Decodable {
    struct Recipient: Decodable {
        var address: String?
        var action: String?
        var rule: String?
    }

    struct Finding: Decodable {
        var kind: String?
    }

    var verdict: String
    var time: String?
    var queueID: String?
    var phi: Bool?
    var recipients: [Recipient]?
    var findings: [Finding]?

    enum CodingKeys: String, CodingKey {
        case verdict, time, phi, recipients, findings
        case queueID = "queue_id"
    }

    /// True when the PHI verdict is yes or a finding has kind `SENSITIVE`.
    var isSensitive: Bool {
        phi == true || (findings ?? []).contains { $0.kind == "SENSITIVE" }
    }

    /// Decodes `text`, or returns why it is not an audit record.
    static func decode(_ text: Substring) -> Result<AuditLine, AuditLineError> {
        do {
            return .success(try JSONDecoder().decode(AuditLine.self, from: Data(text.utf8)))
        } catch let error as DecodingError {
            return .failure(AuditLineError(error))
        } catch {
            return .failure(AuditLineError(reason: "not a JSON audit record: \(error)"))
        }
    }
}

/// The reason a line of the audit trail is not an audit record.
struct AuditLineError: Error {
    var reason: String

    init(reason: String) {
        self.reason = reason
    }

    /// Names the field and the type it should have.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            reason = "field '\(AuditLineError.path(context.codingPath))' has the wrong type; "
                + "expected \(AuditLineError.typeName(type))"
        case .valueNotFound(let type, let context):
            reason = "field '\(AuditLineError.path(context.codingPath))' is null; "
                + "expected \(AuditLineError.typeName(type))"
        case .keyNotFound(let key, let context):
            reason = "missing field '\(AuditLineError.path(context.codingPath + [key]))'"
        case .dataCorrupted:
            reason = "not a JSON audit record with a verdict"
        @unknown default:
            reason = "not an audit record"
        }
    }

    /// Returns a coding path as `recipients[0].action`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    static func typeName(_ type: Any.Type) -> String {
        if type == Bool.self { return "true or false" }
        if type == String.self { return "a string" }
        // A mismatch on a list field reports the unspecialised `Array<Any>`.
        if String(describing: type).hasPrefix("Array") { return "a list" }
        return "an object"
    }
}
