import MilterKit

/// The interim handler of `tlsguard milter` until the rule engine is connected: adds one
/// `X-TLSGuard-TLS` header that shows the TLS facts the MTA reported for the client
/// connection, after removing any header of that name the message arrived with.
struct TLSHeaderHandler: MilterHandler {
    static let headerName = "X-TLSGuard-TLS"

    func endOfMessage(_ session: MilterSession) throws -> EndOfMessageResult {
        let incoming = session.headers.filter { $0.hasName(TLSHeaderHandler.headerName) }.count
        var changes: [MilterModification] = stride(from: incoming, to: 0, by: -1).map {
            .deleteHeader(name: TLSHeaderHandler.headerName, occurrence: $0)
        }
        changes.append(
            .addHeader(
                name: TLSHeaderHandler.headerName, value: TLSHeaderHandler.value(session)))
        session.logger.info(
            "tls",
            ["from": session.sender?.description ?? "<>", "tls": TLSHeaderHandler.value(session)])
        return EndOfMessageResult(modifications: changes, disposition: .accept)
    }

    /// `version=… cipher=… bits=…` with the parts the MTA sent, or `none` without TLS.
    static func value(_ session: MilterSession) -> String {
        guard let tls = session.tls else { return "none" }
        var parts: [String] = []
        if let version = tls.version { parts.append("version=" + version) }
        if let cipher = tls.cipher { parts.append("cipher=" + cipher) }
        if let bits = tls.cipherBits { parts.append("bits=\(bits)") }
        return parts.joined(separator: " ")
    }
}
