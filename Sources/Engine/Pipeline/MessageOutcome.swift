import Mail
import PluginAPI

/// The engine's decision for one message, ready for the milter to apply or for replay to
/// print.
public struct MessageOutcome: Sendable {
    /// accept, discard, quarantine, tempfail or reject; never continue.
    public var verdict: Verdict
    public var reply: SMTPReply?
    public var quarantineReason: String?
    /// Concrete changes, in the order they must be applied.
    public var edits: [MessageEdit]
    /// Every envelope recipient with the action decided for it.
    public var recipients: [RecipientOutcome]
    public var findings: [Finding]
    public var rules: [String]
    public var report: [(key: String, value: ReportValue)]
    /// Plugins that failed on this message and what their failure policy did.
    public var failures: [PluginFailure]

    /// The header fields this outcome adds or inserts, as `(name, value)`.
    public var headersAdded: [(name: String, value: String)] {
        edits.compactMap { edit in
            switch edit {
            case .addHeader(let name, let value), .insertHeader(_, let name, let value):
                (name, value)
            default:
                nil
            }
        }
    }
}

/// A change to the message in the terms libmilter applies at end of message.
public enum MessageEdit: Sendable, Hashable {
    case addHeader(name: String, value: String)
    case insertHeader(index: Int, name: String, value: String)
    /// Replaces the value of the `occurrence`-th field named `name` (1-based).
    case changeHeader(name: String, occurrence: Int, value: String)
    /// Deletes the `occurrence`-th field named `name` (1-based).
    case deleteHeader(name: String, occurrence: Int)
    case addRecipient(address: String, esmtpArguments: String?)
    /// `address` exactly as the client sent it, angle brackets included.
    case deleteRecipient(address: String)
    case changeSender(address: String, esmtpArguments: String?)
    case replaceBody(MessageBody)
}

/// The final action for one envelope recipient.
public struct RecipientOutcome: Sendable, Hashable {
    /// As the client sent it, angle brackets included.
    public var recipient: String
    public var action: RecipientAction
    /// The rule that decided; `default` when no plugin decided for this recipient.
    public var rule: String
    public var reason: String
    /// The number of the separate copy that carries this recipient; nil for the original.
    public var copy: Int?
}

/// A plugin that threw or ran past its time limit on a message.
public struct PluginFailure: Sendable, Hashable {
    public var plugin: String
    public var stage: Stage
    public var reason: String
    public var policy: FailurePolicy
}
