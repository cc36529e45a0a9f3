/// Carries out the recipient decisions that the engine cannot apply with libmilter calls
/// alone: S/MIME encryption of the message and sending a copy to a subset of recipients.
///
/// A plugin class that also conforms to this protocol offers these services; the engine
/// uses the first enabled plugin that does. Without one, an `encrypt` decision and a
/// message whose recipients need different paths tempfail rather than go out unprotected.
public protocol RecipientActionExecutor: AnyObject, Sendable {
    /// Returns the actions that turn the message into its S/MIME-encrypted form for
    /// `recipients`, normally a `replaceBody` and the header changes that go with it.
    /// Throws when a recipient has no certificate or encryption fails.
    func encryptionActions(for message: MessageContext, recipients: [EnvelopeAddress]) throws
        -> [MessageAction]

    /// Sends a copy of the message, changed by `actions`, from `sender` to `recipients`
    /// through a path that does not pass this milter again, and returns once that path
    /// accepted the copy. Throws when it did not, so the engine can tempfail the original.
    func reinject(
        _ message: MessageContext, sender: EnvelopeAddress, recipients: [EnvelopeAddress],
        actions: [MessageAction]
    ) throws
}
