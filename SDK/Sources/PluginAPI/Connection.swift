/// The facts the MTA sent about the SMTP client at the connect and HELO stages and in its
/// macros.
public struct ConnectionInfo: Sendable, Hashable {
    /// The client's host name as the MTA resolved it, `[192.0.2.1]` style when it has none.
    public var clientHostname: String?
    public var clientAddress: ClientAddress
    public var helo: String?
    /// TLS facts of the connection; nil when the client did not use STARTTLS.
    public var tls: TLSFacts?
    /// SMTP AUTH facts; nil when the client did not authenticate.
    public var authentication: AuthenticationFacts?
    /// `{daemon_name}`: which MTA listener accepted the connection.
    public var daemonName: String?
    /// `j`: the MTA's own host name.
    public var mtaHostname: String?
    /// True when the message came from a local submission (Postfix `sendmail` command or
    /// pickup) rather than an SMTP client. Such mail must never be rejected or tempfailed
    /// at RCPT, because Postfix would keep it queued as a configuration error.
    public var isLocalSubmission: Bool
    /// Every macro the MTA sent, by name without braces (`tls_version`, `i`).
    public var macros: [String: String]

    public init(
        clientHostname: String? = nil, clientAddress: ClientAddress = .none,
        helo: String? = nil, tls: TLSFacts? = nil,
        authentication: AuthenticationFacts? = nil, daemonName: String? = nil,
        mtaHostname: String? = nil, isLocalSubmission: Bool = false,
        macros: [String: String] = [:]
    ) {
        self.clientHostname = clientHostname
        self.clientAddress = clientAddress
        self.helo = helo
        self.tls = tls
        self.authentication = authentication
        self.daemonName = daemonName
        self.mtaHostname = mtaHostname
        self.isLocalSubmission = isLocalSubmission
        self.macros = macros
    }
}

/// The client's network address as libmilter reported it at connect.
public enum ClientAddress: Sendable, Hashable, CustomStringConvertible {
    case ipv4(String, port: Int)
    case ipv6(String, port: Int)
    case unix(path: String)
    /// No address: local submission, or a peer the MTA did not report.
    case none

    /// The address without port, or nil for a unix socket or no address.
    public var ip: String? {
        switch self {
        case .ipv4(let address, _), .ipv6(let address, _): address
        case .unix, .none: nil
        }
    }

    public var description: String {
        switch self {
        case .ipv4(let address, _): address
        case .ipv6(let address, _): "IPv6:" + address
        case .unix(let path): "unix:" + path
        case .none: "none"
        }
    }
}

/// The TLS macros of the connection: `{tls_version}`, `{cipher}`, `{cipher_bits}`,
/// `{cert_subject}`, `{cert_issuer}` and, from sendmail only, `{verify}`.
public struct TLSFacts: Sendable, Hashable {
    public var version: String?
    public var cipher: String?
    public var cipherBits: Int?
    public var certificateSubject: String?
    public var certificateIssuer: String?
    /// sendmail's result of client certificate verification: `OK`, `NO`, `FAIL`, `NONE`…
    public var verify: String?

    public init(
        version: String? = nil, cipher: String? = nil, cipherBits: Int? = nil,
        certificateSubject: String? = nil, certificateIssuer: String? = nil,
        verify: String? = nil
    ) {
        self.version = version
        self.cipher = cipher
        self.cipherBits = cipherBits
        self.certificateSubject = certificateSubject
        self.certificateIssuer = certificateIssuer
        self.verify = verify
    }

    /// Builds TLS facts from milter macros, or returns nil when none of `{tls_version}`,
    /// `{cipher}` and `{cipher_bits}` has a value.
    public init?(macros: [String: String]) {
        func value(_ name: String) -> String? {
            guard let text = macros[name], !text.isEmpty else { return nil }
            return text
        }
        guard value("tls_version") != nil || value("cipher") != nil
            || value("cipher_bits") != nil
        else {
            return nil
        }
        self.init(
            version: value("tls_version"), cipher: value("cipher"),
            cipherBits: value("cipher_bits").flatMap { Int($0) },
            certificateSubject: value("cert_subject"), certificateIssuer: value("cert_issuer"),
            verify: value("verify"))
    }
}

/// `{auth_type}` and `{auth_authen}` of an authenticated SMTP session.
public struct AuthenticationFacts: Sendable, Hashable {
    public var mechanism: String
    public var user: String?

    public init(mechanism: String, user: String?) {
        self.mechanism = mechanism
        self.user = user
    }
}
