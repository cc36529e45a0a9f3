import COpenSSL

/// An OpenSSL client context (`SSL_CTX`) and the one session (`SSL`) made from it, owned
/// together.
///
/// `deinit` is the only code that frees either object, so each is freed exactly once on
/// every path: a failed set-up, a failed handshake and a normal close. The initializer
/// fails before it stores anything, and never after, so a failed initializer leaves
/// nothing for `deinit` to free twice.
final class TLSClientSession {
    let context: OpaquePointer
    let session: OpaquePointer
    /// The connection whose descriptor the session uses. Holding it keeps the descriptor
    /// open until `deinit` has sent close_notify, so that the alert cannot reach a file
    /// that another thread opened under the same number.
    private var connection: TCPConnection?
    /// True once `SSL_connect` succeeded; only then does `deinit` send close_notify.
    private(set) var isEstablished = false

    /// Creates a context and a session from it. The context verifies against `caFile`, a
    /// PEM bundle, or OpenSSL's default paths when `caFile` is empty, and has DANE enabled
    /// when `enableDANE` is true. Returns nil when OpenSSL fails, and
    /// `TLSStream.openSSLError()` then returns the reason.
    init?(caFile: String, enableDANE: Bool) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return nil }
        guard TLSClientSession.configure(context, caFile: caFile, enableDANE: enableDANE),
            let session = SSL_new(context)
        else {
            SSL_CTX_free(context)
            return nil
        }
        self.context = context
        self.session = session
    }

    deinit {
        if isEstablished {
            withSIGPIPESuppressed { _ = SSL_shutdown(session) }
        }
        // SSL_free also frees the socket BIO of SSL_set_fd, which leaves the descriptor
        // open. The TCPConnection closes it once this object has released it.
        SSL_free(session)
        SSL_CTX_free(context)
    }

    /// Runs the client handshake on the descriptor of `connection`. Returns false when it
    /// failed.
    func handshake(over connection: TCPConnection) -> Bool {
        self.connection = connection
        guard SSL_set_fd(session, connection.descriptor) == 1 else { return false }
        isEstablished = withSIGPIPESuppressed { SSL_connect(session) } == 1
        return isEstablished
    }

    private static func configure(_ context: OpaquePointer, caFile: String, enableDANE: Bool)
        -> Bool
    {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        tlsguard_ssl_ctx_ignore_unexpected_eof(context)
        let loaded =
            caFile.isEmpty
            ? SSL_CTX_set_default_verify_paths(context)
            : SSL_CTX_load_verify_locations(context, caFile, nil)
        guard loaded == 1 else { return false }
        return !enableDANE || SSL_CTX_dane_enable(context) > 0
    }
}
