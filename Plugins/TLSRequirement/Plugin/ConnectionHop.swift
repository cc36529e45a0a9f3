import Mail
import PluginAPI

/// Builds the hop into our MTA from the milter macros. The MTA adds its own Received line
/// only after the milter has run, so no header field that the milter receives describes this hop.
enum ConnectionHop {
    static func make(_ connection: ConnectionInfo, state: ConnectionTLSState) -> ChainHop {
        let header = ReceivedHeader(
            from: ReceivedFrom(
                host: connection.clientHostname ?? connection.helo, helo: connection.helo,
                reverseName: connection.clientHostname,
                address: connection.clientAddress.ip.flatMap { IPAddress(lenient: $0) },
                isUnixSocket: isUnixSocket(connection)),
            by: ReceivedBy(host: connection.mtaHostname),
            tls: tls(state), isAuthenticated: connection.authentication != nil,
            origin: origin(connection, state: state))
        let (verdict, reason) = judgement(state)
        return ChainHop(
            number: 0, index: nil, header: header, isConnection: true,
            kind: HopClassifier.kind(of: header), tls: verdict, reason: reason, writer: nil,
            isInternal: false, internalReason: nil, trust: .boundary)
    }

    private static func isUnixSocket(_ connection: ConnectionInfo) -> Bool {
        if case .unix = connection.clientAddress { return true }
        return false
    }

    private static func origin(_ connection: ConnectionInfo, state: ConnectionTLSState)
        -> ReceivedOrigin
    {
        if case .local = state { return .localSubmission("local submission") }
        return isUnixSocket(connection) ? .unixSocket : .network
    }

    private static func tls(_ state: ConnectionTLSState) -> ReceivedTLS? {
        guard case .encrypted(let facts) = state else { return nil }
        return ReceivedTLS(
            version: facts.version, cipher: facts.cipher, bits: facts.bits,
            verification: facts.verification, evidence: [facts.source])
    }

    private static func judgement(_ state: ConnectionTLSState) -> (TLSVerdict, String) {
        switch state {
        case .encrypted(let facts):
            (
                .yes,
                "the connection used TLS (\(facts.versionText ?? "version not given")), "
                    + "from the \(facts.source)"
            )
        case .clear:
            (.no, "the client did not use STARTTLS: the MTA passed no TLS macros")
        case .unknown(let reason):
            (.unknown, reason)
        case .local:
            (.no, "a local submission without a network connection")
        }
    }
}
