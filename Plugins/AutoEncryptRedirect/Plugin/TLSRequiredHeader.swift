import Mail
import PluginAPI

/// The `TLS-Required` header field (RFC 8689). With `TLS-Required: No` a sender requests
/// delivery even without TLS, and Postfix 3.10 and later honour the request.
enum TLSRequiredHeader {
    static let name = "TLS-Required"

    /// Returns the occurrence numbers (1-based) of fields whose value is `No`, compared
    /// without regard to case and surrounding white space.
    static func noOccurrences(in headers: [HeaderField]) -> [Int] {
        var occurrence = 0
        var found: [Int] = []
        for field in headers where field.hasName(name) {
            occurrence += 1
            let value = String(decoding: field.rawValue, as: UTF8.self)
                .trimmingSpaces().lowercased()
            if value == "no" { found.append(occurrence) }
        }
        return found
    }

    /// Deletions of those fields, the last first so each number keeps its meaning.
    static func deletions(in headers: [HeaderField]) -> [MessageAction] {
        noOccurrences(in: headers).reversed().map { .deleteHeader(name: name, occurrence: $0) }
    }
}
