/// The facts about an entity's body that its header fields declare.
struct EntityInfo {
    /// The effective Content-Type: the first valid one, else the default of the context.
    var contentType: ContentType
    /// Lower-cased, trimmed Content-Transfer-Encoding; `7bit` when missing.
    var transferEncoding: String
    var disposition: ContentDisposition?
    var filename: String?
    /// The charset parameter as declared.
    var charset: String?
    /// Every Content-Type field, for the alternative reading of duplicates.
    var contentTypeFields: [HeaderField]
    /// True when Content-Type fields with different values exist.
    var hasConflictingContentTypes: Bool
    /// Every Content-Transfer-Encoding field, for the alternative decoding of duplicates.
    var transferEncodingFields: [HeaderField]
    /// True when Content-Transfer-Encoding fields with different values exist.
    var hasConflictingTransferEncodings: Bool
    var problems: [(kind: ProblemKind, detail: String)] = []

    /// Reads the MIME header fields of an entity. `defaultType` applies when Content-Type
    /// is missing or invalid: `text/plain`, or `message/rfc822` in `multipart/digest`.
    init(headers: [HeaderField], defaultType: ContentType) {
        contentTypeFields = headers.all(named: "Content-Type")
        let parsedTypes = contentTypeFields.map { ContentType.parse($0.rawValue) }
        contentType = defaultType
        if let first = parsedTypes.first {
            if let valid = first {
                contentType = valid
            } else {
                let value = String(decoding: contentTypeFields[0].unfoldedValue, as: UTF8.self)
                problems.append(
                    (
                        .invalidContentType,
                        "invalid Content-Type '\(value)'; read as "
                            + defaultType.mimeType
                    ))
            }
        }
        let distinctValues = Set(contentTypeFields.map(\.unfoldedValue))
        hasConflictingContentTypes = distinctValues.count > 1
        transferEncoding = Self.transferEncoding(headers)
        transferEncodingFields = headers.all(named: "Content-Transfer-Encoding")
        hasConflictingTransferEncodings =
            Set(transferEncodingFields.map(\.unfoldedValue)).count > 1
        if let field = headers.first(named: "Content-Disposition") {
            disposition = ContentDisposition.parse(field.rawValue)
        }
        charset = contentType.charset
        filename = Self.trimmed(disposition?.filename ?? contentType.parameters["name"])
        noteDuplicates(headers)
    }

    private static func transferEncoding(_ headers: [HeaderField]) -> String {
        guard let field = headers.first(named: "Content-Transfer-Encoding") else { return "7bit" }
        var value = field.unfoldedValue[...]
        while value.first == ASCII.quote { value = value.dropFirst() }
        while value.last == ASCII.quote { value = value.dropLast() }
        let text = String(
            decoding: value.trimmingFoldingWhitespace().asciiLowercased(), as: UTF8.self)
        return text.isEmpty ? "7bit" : text
    }

    private static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        let bytes = Array(text.utf8).trimmingFoldingWhitespace()
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    private mutating func noteDuplicates(_ headers: [HeaderField]) {
        if hasConflictingContentTypes {
            problems.append(
                (
                    .duplicateContentHeader,
                    "\(contentTypeFields.count) Content-Type fields with different values; "
                        + "the first is used and the others are read as alternatives"
                ))
        }
        if hasConflictingTransferEncodings {
            problems.append(
                (
                    .duplicateContentHeader,
                    "\(transferEncodingFields.count) Content-Transfer-Encoding fields with "
                        + "different values; the first is used and the others are decoded "
                        + "as alternatives"
                ))
        }
        let dispositions = Set(headers.all(named: "Content-Disposition").map(\.unfoldedValue))
        if dispositions.count > 1 {
            problems.append(
                (
                    .duplicateContentHeader,
                    "\(dispositions.count) Content-Disposition fields with different "
                        + "values; the first is used"
                ))
        }
        let duplicates =
            contentType.parameters.duplicateNames + (disposition?.parameters.duplicateNames ?? [])
        for name in duplicates {
            problems.append(
                (.duplicateParameter, "parameter '\(name)' repeated; the first is used"))
        }
    }

    var isMultipart: Bool { contentType.type == "multipart" }

    /// Message types parsed as a message; the field-block reports are read as text.
    var isEmbeddedMessage: Bool {
        guard contentType.type == "message" else { return false }
        return !Self.fieldBlockMessageTypes.contains(contentType.subtype)
    }

    private static let fieldBlockMessageTypes: Set<String> = [
        "delivery-status", "global-delivery-status", "disposition-notification",
        "global-disposition-notification", "feedback-report", "global-headers",
    ]
}
