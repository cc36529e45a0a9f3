/// An envelope address with its ESMTP arguments, as the client sent it in MAIL FROM or
/// RCPT TO.
public struct EnvelopeAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address exactly as received, angle brackets included: `<Bob@Example.com>`.
    /// libmilter's smfi_delrcpt needs this form.
    public var raw: String
    /// ESMTP arguments such as `SIZE=1234` or `NOTIFY=NEVER`, in order.
    public var esmtpArguments: [String]

    public init(raw: String, esmtpArguments: [String] = []) {
        self.raw = raw
        self.esmtpArguments = esmtpArguments
    }

    /// The address without angle brackets and surrounding space; empty for the null
    /// sender `<>`.
    public var address: String {
        var text = Substring(raw)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 {
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }

    /// The domain after the last `@`, lower-cased; nil for `<>` and addresses without one.
    public var domain: String? {
        let address = self.address
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? nil : domain.lowercased()
    }

    public var isNullSender: Bool {
        address.isEmpty
    }

    public var description: String {
        "<" + address + ">"
    }
}

/// The envelope of the current message so far.
public struct Envelope: Sendable, Hashable {
    public var sender: EnvelopeAddress?
    public var recipients: [EnvelopeAddress]

    public init(sender: EnvelopeAddress? = nil, recipients: [EnvelopeAddress] = []) {
        self.sender = sender
        self.recipients = recipients
    }
}
