/// One mailbox of an address header: an optional display name and an address.
public struct Mailbox: Sendable, Hashable {
    /// The display name with RFC 2047 words decoded and quotes removed, or nil. It is
    /// decoded only after the address was found, so a name that decodes to `<x@y>` or a
    /// comma cannot change the address.
    public var displayName: String?
    /// The local part without quotes, such as `a b` for `"a b"@example.org`.
    public var localPart: String
    /// The domain, or nil for an address without one (`undisclosed-recipients`, `root`).
    public var domain: String?
    /// Decoded text of comments around the mailbox, such as the name in
    /// `root@example.org (Server Admin)`, or nil.
    public var comment: String?

    public init(displayName: String?, localPart: String, domain: String?, comment: String? = nil) {
        self.displayName = displayName
        self.localPart = localPart
        self.domain = domain
        self.comment = comment
    }

    /// The addr-spec, with the local part quoted when it needs quotes.
    public var address: String {
        let local = Self.needsQuotes(localPart) ? Self.quoted(localPart) : localPart
        guard let domain else { return local }
        return local + "@" + domain
    }

    private static func needsQuotes(_ localPart: String) -> Bool {
        if localPart.isEmpty { return true }
        let bytes = Array(localPart.utf8)
        if bytes.first == ASCII.period || bytes.last == ASCII.period { return true }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == ASCII.period && previous == ASCII.period { return true }
            if byte < 0x80 && byte != ASCII.period && !AddressTokenizer.isAtomByte(byte) {
                return true
            }
            previous = byte
        }
        return false
    }

    private static func quoted(_ text: String) -> String {
        var output: [UInt8] = [ASCII.quote]
        for byte in text.utf8 {
            if byte == ASCII.quote || byte == ASCII.backslash { output.append(ASCII.backslash) }
            output.append(byte)
        }
        output.append(ASCII.quote)
        return String(decoding: output, as: UTF8.self)
    }
}

/// One entry of an address list: a mailbox, or a named group of mailboxes.
public enum Address: Sendable, Hashable {
    case mailbox(Mailbox)
    case group(name: String, members: [Mailbox])

    /// The mailboxes of this entry: itself, or the group's members.
    public var mailboxes: [Mailbox] {
        switch self {
        case .mailbox(let mailbox): [mailbox]
        case .group(_, let members): members
        }
    }
}
