import PluginAPI

/// Envelope and connection facts given on the `tlsguard replay` command line. Facts left
/// nil are derived from each message.
public struct ReplayOptions: Sendable {
    public var sender: String?
    public var recipients: [String] = []
    public var clientAddress: String?
    public var clientName: String?
    public var helo: String?
    public var tlsVersion: String?
    public var cipher: String?
    public var cipherBits: Int?
    /// The client did not use STARTTLS.
    public var noTLS = false

    public init() {}

    /// True when any TLS fact was given, so none is derived.
    var tlsGiven: Bool {
        noTLS || tlsVersion != nil || cipher != nil || cipherBits != nil
    }

    var givenTLS: TLSFacts? {
        noTLS ? nil : TLSFacts(version: tlsVersion, cipher: cipher, cipherBits: cipherBits)
    }
}

/// Connection facts read from a message's topmost Received header, which the receiving
/// MTA wrote for the hop into it.
public struct DerivedHop: Sendable, Hashable {
    public var clientAddress: String?
    public var clientName: String?
    public var helo: String?
    /// nil when the header records no TLS.
    public var tls: TLSFacts?

    public init(
        clientAddress: String? = nil, clientName: String? = nil, helo: String? = nil,
        tls: TLSFacts? = nil
    ) {
        self.clientAddress = clientAddress
        self.clientName = clientName
        self.helo = helo
        self.tls = tls
    }
}
