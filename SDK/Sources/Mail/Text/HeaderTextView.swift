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
        var output: [UInt8] = []
        for field in fields {
            let name = field.name.asciiLowercased
            let value: String
            if textFields.contains(name) {
                value = field.decodedValue(fallbackCharset: fallbackCharset)
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
