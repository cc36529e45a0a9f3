import Mail
import PluginAPI

/// The TLS facts of the connection into our MTA.
public struct ConnectionTLSFacts: Sendable, Hashable {
    public var version: TLSProtocolVersion?
    /// The version as the MTA or the proxy wrote it.
    public var versionText: String?
    public var cipher: String?
    public var bits: Int?
    /// sendmail's `{verify}` or the proxy's verification value, as written.
    public var verification: String?
    public var isCertificateVerified: Bool
    /// Source of the facts: `milter macros` or the proxy header's name.
    public var source: String
}

/// Whether the connection into our MTA was encrypted.
public enum ConnectionTLSState: Sendable, Hashable {
    case encrypted(ConnectionTLSFacts)
    case clear
    /// The client reached the MTA through a TLS-terminating proxy that passed no trusted
    /// TLS facts, so the MTA's own view (a clear connection from the proxy) proves
    /// nothing about the client's leg.
    case unknown(reason: String)
    /// A local submission: no client address and no TLS macros. Such mail is never
    /// rejected or tempfailed, because Postfix would keep it queued as a configuration
    /// error.
    case local

    public var isLocal: Bool {
        if case .local = self { return true }
        return false
    }
}

/// Decides the connection's TLS state from the milter macros and, for connections through
/// a configured proxy, from the proxy's header field.
public struct ConnectionTLSResolver: Sendable {
    public var proxyNetworks: [IPNetwork]
    public var proxyDaemons: [String]
    public var proxyHeader: String?

    public init(proxyNetworks: [IPNetwork], proxyDaemons: [String], proxyHeader: String?) {
        self.proxyNetworks = proxyNetworks
        self.proxyDaemons = proxyDaemons
        self.proxyHeader = proxyHeader
    }

    /// Returns true for mail that did not come from an SMTP client: Postfix's pickup and
    /// `sendmail` command, recognised by the flag the milter session sets or by a missing
    /// client address together with missing TLS macros.
    public static func isLocalSubmission(_ connection: ConnectionInfo) -> Bool {
        if connection.isLocalSubmission { return true }
        if case .none = connection.clientAddress { return connection.tls == nil }
        return false
    }

    /// Returns true when the client reached the MTA through a configured proxy.
    ///
    /// NOTE: with XCLIENT, Postfix reports the client's address, not the proxy's, so only
    /// `tls_proxy_daemons` ({daemon_name}) can recognise such a proxy. Without either key
    /// a TLS-terminating proxy is invisible and its clear connection is judged `no`.
    public func isThroughProxy(_ connection: ConnectionInfo) -> Bool {
        if let name = connection.daemonName, proxyDaemons.contains(name) { return true }
        guard let text = connection.clientAddress.ip, let address = IPAddress(lenient: text)
        else {
            return false
        }
        return proxyNetworks.contains { $0.contains(address) }
    }

    /// Returns the state before the header is known, or nil when it depends on the proxy
    /// header and must wait for end of message.
    public func earlyState(_ connection: ConnectionInfo) -> ConnectionTLSState? {
        if proxyHeader != nil && connection.tls == nil
            && !ConnectionTLSResolver.isLocalSubmission(connection)
            && isThroughProxy(connection)
        {
            return nil
        }
        return state(connection, headers: [])
    }

    /// Returns the state with the message's header fields known.
    public func state(_ connection: ConnectionInfo, headers: [HeaderField]) -> ConnectionTLSState {
        if ConnectionTLSResolver.isLocalSubmission(connection) { return .local }
        if let tls = connection.tls { return .encrypted(ConnectionTLSResolver.facts(tls)) }
        guard isThroughProxy(connection) else { return .clear }
        guard let name = proxyHeader else {
            return .unknown(reason: "the client connected through a proxy that passes no TLS facts")
        }
        guard let field = headers.last(where: { $0.hasName(name) }) else {
            return .unknown(
                reason: "the client connected through a proxy that set no \(name) field")
        }
        return ConnectionTLSResolver.proxyState(field, name: name)
    }

    /// Returns the occurrences (1 for the first) of proxy header fields that a client
    /// outside any proxy wrote itself, last first, so that deleting them in this order
    /// leaves the numbers of the others unchanged.
    public func forgedProxyFields(_ connection: ConnectionInfo, headers: [HeaderField]) -> [Int] {
        guard let name = proxyHeader, !isThroughProxy(connection) else { return [] }
        let count = headers.filter { $0.hasName(name) }.count
        return count > 0 ? Array((1...count).reversed()) : []
    }

    // MARK: - Facts

    static func facts(_ tls: TLSFacts) -> ConnectionTLSFacts {
        let verify = tls.verify
        let subject = tls.certificateSubject ?? ""
        // sendmail passes {verify}; Postfix has none and defines {cert_subject} only for a
        // verified client certificate.
        let verified = verify.map { $0.uppercased() == "OK" } ?? !subject.isEmpty
        return ConnectionTLSFacts(
            version: tls.version.flatMap { TLSProtocolVersion(text: $0) }, versionText: tls.version,
            cipher: tls.cipher, bits: tls.cipherBits, verification: verify,
            isCertificateVerified: verified, source: "milter macros")
    }

    /// Reads a proxy header such as `TLSv1.3`, `version=TLSv1.3 cipher=… bits=256` or
    /// `none`.
    static func proxyState(_ field: HeaderField, name: String) -> ConnectionTLSState {
        let text = String(decoding: field.rawValue, as: UTF8.self)
        let lower = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        if lower == ["none"] || lower == ["no"] { return .clear }
        guard let tls = ReceivedParser.parseTLSFacts(text) else {
            return .unknown(reason: "the proxy's \(name) field states no TLS facts")
        }
        let verification = tls.verification
        return .encrypted(
            ConnectionTLSFacts(
                version: tls.version, versionText: tls.version?.rawValue, cipher: tls.cipher,
                bits: tls.bits, verification: verification,
                isCertificateVerified: verification.map { ["OK", "YES"].contains($0.uppercased()) }
                    ?? false,
                source: name + " field"))
    }
}
