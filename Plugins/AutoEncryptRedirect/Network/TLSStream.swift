import COpenSSL

/// Facts about the server from a finished TLS handshake.
struct TLSSessionFacts: Sendable, Hashable {
    /// `TLSv1.3`, `TLSv1.2` …
    var protocolVersion: String
    var cipher: String
    var cipherBits: Int
    /// The server certificate's subject in OpenSSL's one-line form.
    var certificateSubject: String?
    /// True when the chain verified against the CA file, or against TLSA records when
    /// DANE was used. The name is checked apart, in `nameMatched`.
    var certificateVerified: Bool
    /// OpenSSL's reason when `certificateVerified` is false, such as
    /// `certificate has expired`.
    var verificationError: String?
    /// True when the certificate names the host that was asked for.
    var nameMatched: Bool
    /// True when a usable TLSA record matched the server's certificate or chain.
    var daneAuthenticated: Bool
}

/// TLS on top of a connected `TCPConnection`, as a client. With `TLSClientSession`, which
/// owns the OpenSSL objects, the only code in this plugin that drives an OpenSSL TLS
/// session.
///
/// The handshake completes even when the certificate does not verify, so that the probe
/// can record what it saw. Callers that need a trusted peer, such as the MTA-STS fetch,
/// check `facts` and stop.
final class TLSStream: ByteStream {
    private let connection: TCPConnection
    /// The OpenSSL objects, which free themselves when the stream goes away.
    private let tls: TLSClientSession
    private(set) var facts: TLSSessionFacts

    var peerName: String { connection.peerName }

    /// Performs the handshake with SNI `serverName`, verifying against `caFile`
    /// (PEM bundle; empty means OpenSSL's default paths) and, when `tlsa` contains usable
    /// records, with DANE (RFC 7672) for `serverName`. Throws `tlsFailed` when OpenSSL
    /// cannot set up the session or the handshake fails.
    init(over connection: TCPConnection, serverName: String, caFile: String, tlsa: [TLSARecord])
        throws(NetworkError)
    {
        let host = connection.peerName
        guard let tls = TLSClientSession(caFile: caFile, enableDANE: !tlsa.isEmpty) else {
            throw .tlsFailed(host: host, reason: "cannot set up: \(TLSStream.openSSLError())")
        }
        TLSStream.request(tls.session, serverName: serverName, tlsa: tlsa)
        connection.applyRemainingTimeToSocket()
        guard tls.handshake(over: connection) else {
            throw .tlsFailed(host: host, reason: "handshake failed: \(TLSStream.openSSLError())")
        }
        self.connection = connection
        self.tls = tls
        facts = TLSStream.readFacts(tls.session, serverName: serverName)
    }

    /// Sets the SNI name and, when `tlsa` is not empty, the DANE reference identity and
    /// the TLSA records that the handshake checks.
    private static func request(_ session: OpaquePointer, serverName: String, tlsa: [TLSARecord]) {
        _ = tlsguard_ssl_set_sni(session, serverName)
        guard !tlsa.isEmpty else { return }
        _ = SSL_dane_enable(session, serverName)
        // RFC 7672 section 3.1.1: DANE-EE(3) records are matched without name checks.
        _ = SSL_dane_set_flags(session, UInt(DANE_FLAG_NO_DANE_EE_NAMECHECKS))
        for record in tlsa where record.isUsableForSMTP {
            _ = SSL_dane_tlsa_add(
                session, record.usage, record.selector, record.matchingType,
                record.associationData, record.associationData.count)
        }
    }

    private static func readFacts(_ session: OpaquePointer, serverName: String)
        -> TLSSessionFacts
    {
        let cipher = SSL_get_current_cipher(session)
        var bits: Int32 = 0
        _ = SSL_CIPHER_get_bits(cipher, &bits)
        let verifyResult = SSL_get_verify_result(session)
        let certificate = SSL_get1_peer_certificate(session)
        defer { X509_free(certificate) }
        let nameMatched =
            certificate.map { X509_check_host($0, serverName, serverName.utf8.count, 0, nil) == 1 }
            ?? false
        return TLSSessionFacts(
            protocolVersion: String(cString: SSL_get_version(session)),
            cipher: SSL_CIPHER_get_name(cipher).map { String(cString: $0) } ?? "",
            cipherBits: Int(bits),
            certificateSubject: certificate.flatMap(TLSStream.subjectLine),
            certificateVerified: certificate != nil && verifyResult == X509_V_OK,
            verificationError: verifyResult == X509_V_OK
                ? nil : String(cString: X509_verify_cert_error_string(verifyResult)),
            nameMatched: nameMatched,
            daneAuthenticated: SSL_get0_dane_authority(session, nil, nil) >= 0)
    }

    private static func subjectLine(_ certificate: OpaquePointer) -> String? {
        guard let line = X509_NAME_oneline(X509_get_subject_name(certificate), nil, 0) else {
            return nil
        }
        defer { CRYPTO_free(line, #fileID, #line) }
        return String(cString: line)
    }

    func read(max count: Int, during step: String) throws(NetworkError) -> [UInt8] {
        connection.applyRemainingTimeToSocket()
        var bytes = [UInt8](repeating: 0, count: count)
        // SSL_read can write too, such as a TLS 1.3 KeyUpdate reply.
        let received = withSIGPIPESuppressed { SSL_read(tls.session, &bytes, Int32(count)) }
        if received > 0 {
            return Array(bytes[0..<Int(received)])
        }
        if SSL_get_error(tls.session, received) == SSL_ERROR_ZERO_RETURN {
            return []
        }
        throw try failure(during: step)
    }

    func write(_ bytes: [UInt8], during step: String) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            connection.applyRemainingTimeToSocket()
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                withSIGPIPESuppressed {
                    SSL_write(tls.session, buffer.baseAddress, Int32(buffer.count))
                }
            }
            guard sent > 0 else { throw try failure(during: step) }
            offset += Int(sent)
        }
    }

    private func failure(during step: String) throws(NetworkError) -> NetworkError {
        if ContinuousClock.now >= connection.deadline {
            return .timedOut(host: peerName, during: step)
        }
        return .tlsFailed(host: peerName, reason: "\(step): \(TLSStream.openSSLError())")
    }

    static func openSSLError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "no error detail from OpenSSL" }
        var buffer = [UInt8](repeating: 0, count: 256)
        buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                ERR_error_string_n(code, $0.baseAddress, $0.count)
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }
}
