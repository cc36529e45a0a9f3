import COpenSSL
import Glibc

/// S/MIME recipient certificates, found by email address.
///
/// A source is a PEM file or a directory. PEM files are read once at start-up, and each
/// certificate is filed under the email addresses in its subjectAltName and subject. In a
/// directory, `ADDRESS.pem` (address in lower case) is read at lookup time, so that a
/// certificate added there needs no restart. Expired certificates are never returned.
struct CertificateStore: Sendable {
    /// DER-encoded certificates by lower-cased address.
    private var byAddress: [String: [UInt8]] = [:]
    private var directories: [String] = []

    init() {}

    init(sources: [String]) throws(SMIMEError) {
        for source in sources {
            var status = stat()
            if stat(source, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                directories.append(source)
                continue
            }
            for certificate in try CertificateStore.readPEM(path: source) {
                for address in certificate.addresses {
                    byAddress[address] = byAddress[address] ?? certificate.der
                }
            }
        }
    }

    /// Returns the DER certificate for `address`, or nil when there is no valid one.
    func certificate(for address: String) -> [UInt8]? {
        let key = address.lowercased()
        if let der = byAddress[key], CertificateStore.isCurrent(der) {
            return der
        }
        guard CertificateStore.isSafeFileName(key) else { return nil }
        for directory in directories {
            let path = directory + "/" + key + ".pem"
            guard access(path, R_OK) == 0,
                let found = try? CertificateStore.readPEM(path: path).first,
                CertificateStore.isCurrent(found.der)
            else { continue }
            return found.der
        }
        return nil
    }

    func hasCertificate(for address: String) -> Bool {
        certificate(for: address) != nil
    }

    // MARK: - OpenSSL

    /// A certificate read from a file: its DER bytes and its email addresses.
    struct Parsed {
        var der: [UInt8]
        var addresses: [String]
    }

    /// Reads every certificate of a PEM file.
    static func readPEM(path: String) throws(SMIMEError) -> [Parsed] {
        guard let bio = BIO_new_file(path, "r") else {
            throw .unreadableCertificate(path: path, reason: TLSStream.openSSLError())
        }
        defer { BIO_free(bio) }
        var found: [Parsed] = []
        while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
            found.append(Parsed(der: der(of: certificate), addresses: addresses(of: certificate)))
            X509_free(certificate)
        }
        ERR_clear_error()
        guard !found.isEmpty else {
            throw .unreadableCertificate(path: path, reason: "no certificate in the file")
        }
        return found
    }

    static func der(of certificate: OpaquePointer) -> [UInt8] {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_X509(certificate, &cursor)
        }
        return bytes
    }

    /// Parses DER bytes into an X509 object that the caller must free.
    static func x509(from der: [UInt8]) -> OpaquePointer? {
        der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
    }

    static func isCurrent(_ der: [UInt8]) -> Bool {
        guard let certificate = x509(from: der) else { return false }
        defer { X509_free(certificate) }
        return X509_cmp_current_time(X509_get0_notAfter(certificate)) > 0
            && X509_cmp_current_time(X509_get0_notBefore(certificate)) < 0
    }

    static func addresses(of certificate: OpaquePointer) -> [String] {
        guard let stack = X509_get1_email(certificate) else { return [] }
        defer { X509_email_free(stack) }
        var addresses: [String] = []
        for index in 0..<OPENSSL_sk_num(stack) {
            if let text = OPENSSL_sk_value(stack, index) {
                addresses.append(
                    String(cString: text.assumingMemoryBound(to: CChar.self)).lowercased())
            }
        }
        return addresses
    }

    /// Returns true when an address can name a file: no path separator, no leading dot.
    static func isSafeFileName(_ address: String) -> Bool {
        !address.isEmpty && !address.hasPrefix(".") && !address.contains("/")
            && !address.contains("\0")
    }
}
