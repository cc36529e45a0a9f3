import COpenSSL
import Mail
import PluginAPI

/// Turns a message into an S/MIME enveloped message (RFC 8551) for a set of recipient
/// certificates, through OpenSSL's CMS. The only code in this plugin that calls CMS.
///
/// The encrypted content is the message's MIME entity: its `Content-*` header fields and
/// its body, with CRLF line ends. Every other header field (From, To, Subject, Date,
/// Message-ID, Received …) stays in clear on the outer message, because delivery and
/// mail clients need them.
///
/// NOTE: the Subject is therefore not protected; a subject that names a patient leaves
/// in clear even from an encrypted message.
struct SMIMEEncryptor: Sendable {
    enum Cipher: String, Sendable {
        /// CMS AuthEnvelopedData (RFC 5083, RFC 5084), smime-type authEnveloped-data.
        case aes256GCM = "aes-256-gcm"
        /// CMS EnvelopedData, smime-type enveloped-data, for clients without AES-GCM.
        case aes256CBC = "aes-256-cbc"

        var smimeType: String {
            self == .aes256GCM ? "authEnveloped-data" : "enveloped-data"
        }
    }

    /// Returns the message actions that replace the body with the encrypted entity.
    func actions(headers: [HeaderField], body: [UInt8], certificates: [[UInt8]], cipher: Cipher)
        throws(SMIMEError) -> [MessageAction]
    {
        let entity = SMIMEEncryptor.mimeEntity(headers: headers, body: body)
        let encrypted = try encrypt(entity, certificates: certificates, cipher: cipher)
        var actions = SMIMEEncryptor.contentFieldDeletions(headers)
        if !headers.contains(where: { $0.hasName("MIME-Version") }) {
            actions.append(.addHeader(name: "MIME-Version", value: "1.0"))
        }
        actions += [
            .addHeader(
                name: "Content-Type",
                value: "application/pkcs7-mime; smime-type=\(cipher.smimeType); "
                    + "name=\"smime.p7m\""),
            .addHeader(name: "Content-Transfer-Encoding", value: "base64"),
            .addHeader(name: "Content-Disposition", value: "attachment; filename=\"smime.p7m\""),
            .replaceBody(.memory(Base64.encodeLines(encrypted))),
        ]
        return actions
    }

    /// Encrypts `content` for every certificate and returns the DER ContentInfo.
    func encrypt(_ content: [UInt8], certificates: [[UInt8]], cipher: Cipher)
        throws(SMIMEError) -> [UInt8]
    {
        guard let recipients = OPENSSL_sk_new_null() else {
            throw .encryptionFailed("out of memory")
        }
        defer { OPENSSL_sk_pop_free(recipients, SMIMEEncryptor.freeCertificate) }
        for der in certificates {
            guard let certificate = CertificateStore.x509(from: der) else {
                throw .encryptionFailed("invalid recipient certificate")
            }
            // The stack owns each certificate it holds; one it did not take is freed here.
            guard OPENSSL_sk_push(recipients, UnsafeRawPointer(certificate)) > 0 else {
                X509_free(certificate)
                throw .encryptionFailed("out of memory")
            }
        }
        let evpCipher = cipher == .aes256GCM ? EVP_aes_256_gcm() : EVP_aes_256_cbc()
        // A memory BIO made by BIO_new_mem_buf reads `content` in place, so every use of
        // it stays inside the closure that lends the pointer.
        let encrypted = content.withUnsafeBytes { buffer in
            Result { () throws(SMIMEError) -> [UInt8] in
                try SMIMEEncryptor.encrypt(buffer, for: recipients, cipher: evpCipher)
            }
        }
        return try encrypted.get()
    }

    private static func encrypt(
        _ content: UnsafeRawBufferPointer, for recipients: OpaquePointer,
        cipher: OpaquePointer?
    ) throws(SMIMEError) -> [UInt8] {
        let memoryBuffer =
            content.isEmpty
            ? BIO_new(BIO_s_mem()) : BIO_new_mem_buf(content.baseAddress, Int32(content.count))
        guard let input = memoryBuffer else { throw .encryptionFailed("out of memory") }
        defer { BIO_free(input) }
        guard let cms = CMS_encrypt(recipients, input, cipher, UInt32(CMS_BINARY)) else {
            throw .encryptionFailed(TLSStream.openSSLError())
        }
        defer { CMS_ContentInfo_free(cms) }
        return try SMIMEEncryptor.derBytes(of: cms)
    }

    private static let freeCertificate: @convention(c) (UnsafeMutableRawPointer?) -> Void = {
        X509_free(OpaquePointer($0))
    }

    private static func derBytes(of cms: OpaquePointer) throws(SMIMEError) -> [UInt8] {
        guard let output = BIO_new(BIO_s_mem()) else { throw .encryptionFailed("out of memory") }
        defer { BIO_free(output) }
        guard i2d_CMS_bio(output, cms) == 1 else {
            throw .encryptionFailed(TLSStream.openSSLError())
        }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = BIO_ctrl(output, BIO_CTRL_INFO, 0, &pointer)
        guard length > 0, let pointer else { throw .encryptionFailed("empty CMS output") }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    // MARK: - MIME entity

    static func isContentField(_ field: HeaderField) -> Bool {
        field.name.lowercased().hasPrefix("content-")
    }

    /// Builds the entity that gets encrypted: the `Content-*` fields and the body.
    static func mimeEntity(headers: [HeaderField], body: [UInt8]) -> [UInt8] {
        var entity: [UInt8] = []
        for field in headers where isContentField(field) {
            entity += Array(field.name.utf8) + Array(": ".utf8)
            entity += MessageAssembler.crlfLines(field.rawValue) + [0x0D, 0x0A]
        }
        entity += [0x0D, 0x0A]
        entity += MessageAssembler.crlfLines(body)
        return entity
    }

    /// Deletions of every `Content-*` field, the last occurrence of each name first, so
    /// each occurrence number still names the field it named in the original header.
    static func contentFieldDeletions(_ headers: [HeaderField]) -> [MessageAction] {
        var seen: [String: Int] = [:]
        var deletions: [MessageAction] = []
        for field in headers where isContentField(field) {
            let key = field.name.lowercased()
            seen[key, default: 0] += 1
            deletions.append(.deleteHeader(name: field.name, occurrence: seen[key] ?? 1))
        }
        return deletions.reversed()
    }
}
