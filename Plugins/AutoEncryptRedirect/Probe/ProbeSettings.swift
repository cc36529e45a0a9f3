/// Settings of the network checks of a domain: MX lookup, DANE, MTA-STS and the probe.
struct ProbeSettings: Sendable {
    var resolver = DNSResolver()
    /// When set, every probe connects to this host instead of the domain's MX hosts.
    var mxHostOverride: String?
    /// The SMTP port of the MX hosts; also the port in the TLSA owner name `_PORT._tcp`.
    var port = 25
    var heloName = "localhost"
    /// Time allowed for one host, from connect to QUIT.
    var hostTimeout: Duration = .seconds(20)
    /// CA bundle for certificate verification; empty means OpenSSL's default paths.
    var caFile = ""
    /// MX hosts probed per domain, in preference order.
    var maxHosts = 2
    /// When true, a handshake whose certificate does not verify or does not name the MX
    /// host counts as opportunistic instead of encrypted.
    var requireTrustedCertificate = false
    var daneEnabled = true
    var mtaSTSEnabled = true
    var mtaSTSPort = 443
    var mtaSTSCAFile = ""
    var probeEnabled = true
}
