import PluginAPI

/// Decides what happens to each recipient of a sensitive message, from its domain's
/// assurance and the configured policy.
struct RecipientDecider: Sendable {
    let settings: AutoEncryptSettings

    /// Returns the decision for one recipient.
    func decide(_ recipient: EnvelopeAddress, assurance: DomainAssurance) -> RecipientDecision {
        let (chosen, setting) = settings.policy.action(
            domain: assurance.domain, assurance: assurance.assurance)
        var action = chosen
        let hasCertificate = settings.certificates.hasCertificate(for: recipient.address)
        if settings.preferSMIME && hasCertificate && [.redirect, .hold, .reject].contains(action) {
            action = .encrypt
        }
        if action == .encrypt && !hasCertificate {
            action = settings.noCertificateAction
        }
        let reason =
            "assurance=\(assurance.assurance.rawValue) source="
            + (assurance.decidedBy?.rawValue ?? "none") + " policy=\(setting)"
        return RecipientDecision(
            recipient: recipient.raw, action: recipientAction(action, assurance: assurance),
            rule: "auto_encrypt." + action.rawValue, reason: reason)
    }

    private func recipientAction(_ action: ProtectionAction, assurance: DomainAssurance)
        -> RecipientAction
    {
        switch action {
        case .deliver: .deliver
        case .enforceTLS:
            .deliverWithEnforcedTLS(
                level: settings.enforceLevel ?? assurance.enforcementLevel ?? .encrypt)
        case .encrypt: .encrypt
        case .redirect: .redirect(to: settings.gateway)
        case .hold: .hold
        case .reject: .reject(settings.rejectReply)
        }
    }

    /// Returns the cipher for a group of recipients: AES-256-CBC when any of them is listed
    /// as a legacy recipient by address or domain, else the configured cipher.
    func cipher(for recipients: [EnvelopeAddress]) -> SMIMEEncryptor.Cipher {
        let legacy = recipients.contains { recipient in
            settings.legacyRecipients.contains(recipient.address.lowercased())
                || recipient.domain.map { settings.legacyRecipients.contains($0) } == true
        }
        return legacy ? .aes256CBC : settings.cipher
    }
}
