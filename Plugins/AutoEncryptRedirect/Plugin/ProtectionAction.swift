/// An action for a recipient of a sensitive message, in the words of the
/// `auto_encrypt_on_*` and `auto_encrypt_domain_actions` settings.
enum ProtectionAction: String, Sendable, Hashable, CaseIterable {
    /// Deliver as Postfix would without tlsguard.
    case deliver
    /// Deliver only over TLS at the level the domain's proof supports, else defer.
    case enforceTLS = "enforce_tls"
    /// S/MIME-encrypt for the recipient's certificate; without one, use
    /// `auto_encrypt_no_certificate_action`.
    case encrypt
    /// Send to the encryption gateway or portal instead.
    case redirect
    /// Hold the message in Postfix's hold queue.
    case hold
    /// Reject the message with `auto_encrypt_reject_reply`.
    case reject

    static var words: [String] {
        allCases.map(\.rawValue)
    }
}

/// The policy that maps a domain's assurance to an action, with per-domain exceptions.
struct ProtectionPolicy: Sendable {
    var onVerified: ProtectionAction = .enforceTLS
    var onEncrypted: ProtectionAction = .enforceTLS
    var onOpportunistic: ProtectionAction = .redirect
    var onNone: ProtectionAction = .redirect
    /// nil means: the same as `onNone`, so a domain whose checks did not finish in time
    /// is treated as having no TLS.
    var onUnknown: ProtectionAction?
    /// Exceptions by recipient domain. `.example.org` matches only subdomains of
    /// example.org, not example.org itself.
    var domainActions: [String: ProtectionAction] = [:]

    /// Returns the action for a recipient in `domain` whose TLS is `assurance`, and the
    /// setting that chose it.
    func action(domain: String, assurance: TLSAssurance) -> (ProtectionAction, String) {
        if let (key, action) = domainAction(for: domain) {
            return (action, "domain:" + key)
        }
        switch assurance {
        case .verified: return (onVerified, "verified")
        case .encrypted: return (onEncrypted, "encrypted")
        case .opportunistic: return (onOpportunistic, "opportunistic")
        case .none: return (onNone, "none")
        case .unknown: return (onUnknown ?? onNone, "unknown")
        }
    }

    private func domainAction(for domain: String) -> (String, ProtectionAction)? {
        if let action = domainActions[domain] { return (domain, action) }
        var rest = Substring(domain)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let action = domainActions["." + rest] { return ("." + rest, action) }
        }
        return nil
    }
}
