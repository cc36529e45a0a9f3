import Mail

/// A change to the message that the engine applies at end of message, the only stage at
/// which libmilter allows changes. Actions from all plugins accumulate in plugin order.
public enum MessageAction: Sendable, Hashable {
    /// Appends a header field at the end of the header.
    case addHeader(name: String, value: String)
    /// Inserts a header field before the field at `index` (0 is the first field).
    case insertHeader(index: Int, name: String, value: String)
    /// Replaces the value of the `occurrence`-th field named `name` (1 is the first).
    case changeHeader(name: String, occurrence: Int, value: String)
    /// Deletes the `occurrence`-th field named `name` (1 is the first).
    case deleteHeader(name: String, occurrence: Int)
    /// Puts `tag` and a space before the subject, or adds a Subject field holding only the
    /// tag when there is none. A subject that already starts with the tag is left alone.
    case tagSubject(tag: String)
    /// Adds an envelope recipient, with optional ESMTP arguments.
    case addRecipient(address: String, esmtpArguments: String?)
    /// Removes an envelope recipient; `address` is exactly as the client sent it.
    case deleteRecipient(address: String)
    /// Replaces the envelope sender.
    case changeSender(address: String, esmtpArguments: String?)
    /// Replaces the whole body.
    case replaceBody(MessageBody)
}

/// What happens to one envelope recipient. The cases are ordered from the least to the
/// most protective; when plugins decide differently for one recipient, the engine keeps
/// the more protective decision.
public enum RecipientAction: Sendable, Hashable, Comparable {
    /// Deliver as Postfix would without tlsguard.
    case deliver
    /// Deliver only over TLS at the given Postfix security level, or defer.
    case deliverWithEnforcedTLS(level: TLSEnforcementLevel)
    /// Deliver an S/MIME-encrypted copy.
    case encrypt
    /// Remove the recipient and send the message to an encryption gateway or portal.
    case redirect(to: String)
    /// Hold the message for an administrator.
    case hold
    /// Do not deliver to this recipient; the reply tells the sender why.
    case reject(SMTPReply)

    public var protection: Int {
        switch self {
        case .deliver: 0
        case .deliverWithEnforcedTLS(let level): 1 + level.strength
        case .encrypt: 10
        case .redirect: 11
        case .hold: 12
        case .reject: 13
        }
    }

    public static func < (lhs: RecipientAction, rhs: RecipientAction) -> Bool {
        lhs.protection < rhs.protection
    }

    /// The action's name in logs, headers and replay output.
    public var name: String {
        switch self {
        case .deliver: "deliver"
        case .deliverWithEnforcedTLS(let level): "enforce_tls:\(level.rawValue)"
        case .encrypt: "encrypt"
        case .redirect: "redirect"
        case .hold: "hold"
        case .reject: "reject"
        }
    }
}

/// Postfix `smtp_tls_security_level` values that refuse to fall back to clear text.
public enum TLSEnforcementLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case encrypt, dane, verify, secure

    /// Orders the levels by what they prove about the peer: any TLS, then DANE
    /// authentication, then a certificate from a trusted CA matching the MX name, then
    /// matching the domain.
    public var strength: Int {
        switch self {
        case .encrypt: 0
        case .dane: 1
        case .verify: 2
        case .secure: 3
        }
    }
}

/// A plugin's decision for one envelope recipient.
public struct RecipientDecision: Sendable, Hashable {
    /// The recipient as the client sent it in RCPT TO, angle brackets included.
    public var recipient: String
    public var action: RecipientAction
    /// The rule that decided, such as `auto_encrypt.no_tls`.
    public var rule: String
    /// A short reason for logs and the audit trail; never message content.
    public var reason: String

    public init(recipient: String, action: RecipientAction, rule: String, reason: String) {
        self.recipient = recipient
        self.action = action
        self.rule = rule
        self.reason = reason
    }
}
