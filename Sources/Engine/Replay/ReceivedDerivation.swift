import Mail
import PluginAPI

extension DerivedHop {
    /// Reads the client of the hop into the receiving MTA from a Received value: its
    /// address, reverse name and HELO name, and the TLS facts when the line states
    /// encryption. Returns nil when the value names no client at all.
    @Sendable public static func fromReceived(_ raw: [UInt8]) -> DerivedHop? {
        let header = ReceivedParser.parse(raw)
        guard let from = header.from else { return nil }
        var hop = DerivedHop(
            clientAddress: from.address?.description, clientName: from.reverseName ?? from.host,
            helo: from.helo ?? from.host)
        if let tls = header.tls {
            hop.tls = TLSFacts(
                version: tls.version?.rawValue, cipher: tls.cipher, cipherBits: tls.bits,
                verify: tls.verification)
        }
        return hop
    }
}
