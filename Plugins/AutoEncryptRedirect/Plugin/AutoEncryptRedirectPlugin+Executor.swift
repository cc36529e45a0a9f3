import Mail
import PluginAPI

extension AutoEncryptRedirectPlugin {
    /// Returns the actions that S/MIME-encrypt the message for `recipients`. Throws when
    /// a recipient has no valid certificate or OpenSSL fails, so the engine tempfails.
    public func encryptionActions(for message: MessageContext, recipients: [EnvelopeAddress])
        throws -> [MessageAction]
    {
        var certificates: [[UInt8]] = []
        for recipient in recipients {
            guard let certificate = settings.certificates.certificate(for: recipient.address)
            else {
                throw SMIMEError.noCertificate(recipient: recipient.description)
            }
            certificates.append(certificate)
        }
        let body = try MessageAssembler.bodyBytes(message.body)
        return try SMIMEEncryptor().actions(
            headers: message.headers, body: body, certificates: certificates,
            cipher: decider.cipher(for: recipients))
    }

    /// Sends a copy changed by `actions` to the reinjection listener and returns once it
    /// was accepted. A sensitive copy never carries `TLS-Required: No`, whatever the
    /// original keeps, because the copy bypasses this milter's header changes.
    ///
    /// `actions` are the header changes of every plugin, such as a subject tag, then the
    /// actions of the copy's path.
    ///
    /// The copy carries the client's DSN, SMTPUTF8 and BODY parameters where the listener
    /// supports them (`ESMTPParameters`).
    public func reinject(
        _ message: MessageContext, sender: EnvelopeAddress, recipients: [EnvelopeAddress],
        actions: [MessageAction]
    ) throws {
        var copyActions = actions
        if message.findings.contains(where: { $0.kind == SharedFindingKind.sensitive }) {
            copyActions = TLSRequiredHeader.deletions(in: message.headers) + copyActions
        }
        let bytes = try MessageAssembler.assemble(
            headers: message.headers, body: try MessageAssembler.bodyBytes(message.body),
            actions: copyActions)
        try settings.reinjection.send(bytes, sender: sender, recipients: recipients)
        message.logger.info(
            "copy reinjected",
            [
                "from": sender.description,
                "to": recipients.map(\.description).joined(separator: ","),
                "relay": "[\(settings.reinjection.host)]:\(settings.reinjection.port)",
            ])
    }
}
