/// An S/MIME certificate or encryption failure.
enum SMIMEError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableCertificate(path: String, reason: String)
    case noCertificate(recipient: String)
    case encryptionFailed(String)
    case unreadableBody(path: String, reason: String)

    var description: String {
        switch self {
        case .unreadableCertificate(let path, let reason):
            "cannot read S/MIME certificate \(path): \(reason); check that it is a PEM file"
        case .noCertificate(let recipient):
            "no valid S/MIME certificate for \(recipient) in auto_encrypt_smime_certificates"
        case .encryptionFailed(let reason):
            "S/MIME encryption failed: \(reason)"
        case .unreadableBody(let path, let reason):
            "cannot read message body spool file \(path): \(reason)"
        }
    }
}
