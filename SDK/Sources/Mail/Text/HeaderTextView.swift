/// The text view of an entity's human-readable header fields, one `Name: value` line per
/// field, decoded as a mail client shows them.
///
/// Only fields that people write are included: Subject, Comments, Keywords,
/// Content-Description, Thread-Topic, Summary, Organization and the address fields (display
/// names, addresses and comments). Trace and machine fields (Received, Message-ID,
/// DKIM-Signature…) are left out, because their ids would look like identifiers.
public enum HeaderTextView {
    static let textFields: Set<String> = [
        "subject", "comments", "keywords", "content-description", "thread-topic", "summary",
        "organization",
    ]

    static let addressFields: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to",
        "resent-cc", "resent-bcc", "resent-sender", "resent-reply-to",
        "disposition-notification-to",
    ]

    /// Renders the human-readable fields of `fields`; raw 8-bit bytes are read in
    /// `fallbackCharset` when they are not UTF-8.
    public static func render(_ fields: [HeaderField], fallbackCharset: String? = nil) -> [UInt8] {
        var issues: [ParseProblem] = []
        return render(fields, fallbackCharset: fallbackCharset, issues: &issues)
    }

    /// Renders like `render(_:fallbackCharset:)` and appends the charset problems and
    /// malformed encoded words of the text fields to `issues`, without a part path.
    static func render(
        _ fields: [HeaderField], fallbackCharset: String?, issues: inout [ParseProblem]
    ) -> [UInt8] {
        var output: [UInt8] = []
        for field in fields {
            let name = field.name.asciiLowercased
            let value: String
            if textFields.contains(name) {
                let decoded = field.decodeValue(fallbackCharset: fallbackCharset)
                value = decoded.text
                issues += decoded.charsetIssues.map { issue in
                    ParseProblem(
                        partPath: nil, kind: issue.problemKind,
                        detail: "\(field.name): \(issue.description)")
                }
                if decoded.malformedEncodedWords > 0 {
                    let detail =
                        "\(field.name): \(decoded.malformedEncodedWords) malformed encoded "
                        + "words kept as text"
                    issues.append(
                        ParseProblem(partPath: nil, kind: .malformedHeader, detail: detail))
                }
            } else if addressFields.contains(name) {
                value = renderAddresses(AddressListParser.parse(field.rawValue))
            } else {
                continue
            }
            guard !value.isEmpty else { continue }
            output.append(contentsOf: field.name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: value.utf8)
            output.append(ASCII.lineFeed)
        }
        return output
    }

    /// Renders every field, decoded, for content that is itself a header block
    /// (`text/rfc822-headers`).
    static func renderAll(_ fields: [HeaderField], fallbackCharset: String?) -> [UInt8] {
        var output: [UInt8] = []
        for field in fields {
            output.append(contentsOf: field.name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: field.decodedValue(fallbackCharset: fallbackCharset).utf8)
            output.append(ASCII.lineFeed)
        }
        return output
    }

    static func renderAddresses(_ addresses: [Address]) -> String {
        addresses.map { address in
            switch address {
            case .mailbox(let mailbox):
                return renderMailbox(mailbox)
            case .group(let name, let members):
                return name + ": " + members.map(renderMailbox).joined(separator: ", ") + ";"
            }
        }.joined(separator: ", ")
    }

    private static func renderMailbox(_ mailbox: Mailbox) -> String {
        var parts: [String] = []
        if let name = mailbox.displayName { parts.append(name) }
        parts.append("<" + mailbox.address + ">")
        if let comment = mailbox.comment { parts.append("(" + comment + ")") }
        return parts.joined(separator: " ")
    }
}
