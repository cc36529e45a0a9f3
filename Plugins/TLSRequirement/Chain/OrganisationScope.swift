import Mail

/// The hosts and networks that belong to our organisation, and the rule for private
/// addresses. A hop whose client is inside the scope stays inside the organisation and is
/// not an internet hop.
public struct OrganisationScope: Sendable, Hashable {
    /// Lower-case domains; a host matches a domain or any of its subdomains.
    public var domains: [String]
    public var networks: [IPNetwork]
    /// When true, RFC 1918, RFC 4193 and link-local client addresses count as internal,
    /// because a peer that reached the writer at such an address shares its network.
    public var privateAddressesAreInternal: Bool

    public init(
        domains: [String] = [], networks: [IPNetwork] = [], privateAddressesAreInternal: Bool = true
    ) {
        self.domains = domains.map { DomainName.normalized($0) }.filter { !$0.isEmpty }
        self.networks = networks
        self.privateAddressesAreInternal = privateAddressesAreInternal
    }

    /// Returns true when `host` is one of the domains or a subdomain of one.
    public func contains(host: String) -> Bool {
        let name = DomainName.normalized(host)
        guard !name.isEmpty else { return false }
        return domains.contains { DomainName.matches(name, domain: $0) }
    }

    /// Returns true for loopback addresses, addresses in `networks`, and private or
    /// link-local addresses when `privateAddressesAreInternal` is set.
    public func contains(address: IPAddress) -> Bool {
        if address.isLoopback { return true }
        if privateAddressesAreInternal && (address.isPrivate || address.isLinkLocal) {
            return true
        }
        return networks.contains { $0.contains(address) }
    }
}

/// Helpers for comparing host names.
public enum DomainName {
    /// Second-level labels under which registries sell names, as in `example.co.uk`.
    static let secondLevelLabels: Set<String> = [
        "ac", "co", "com", "edu", "gov", "ltd", "mil", "net", "nhs", "org", "plc", "sch",
    ]

    /// Returns `name` lower-cased, without a trailing dot and a leading dot.
    public static func normalized(_ name: String) -> String {
        var text = Substring(name.lowercased())
        while text.last == "." { text = text.dropLast() }
        while text.first == "." { text = text.dropFirst() }
        return String(text)
    }

    /// Returns true when `name` equals `domain` or ends in `.domain`; both normalised.
    public static func matches(_ name: String, domain: String) -> Bool {
        name == domain || name.hasSuffix("." + domain)
    }

    /// Returns the registered domain of `host`: the last two labels, or three when the
    /// second-to-last is a registry label under a two-letter country code. An estimate
    /// without the public suffix list. Returns nil for addresses and names without a dot.
    public static func registeredDomain(of host: String) -> String? {
        let name = normalized(host)
        guard name.contains("."), IPAddress(lenient: name) == nil,
            !name.hasPrefix("[")
        else {
            return nil
        }
        let labels = name.split(separator: ".")
        guard labels.count > 2 else { return name }
        let last = labels[labels.count - 1]
        let second = String(labels[labels.count - 2])
        let count = last.count == 2 && secondLevelLabels.contains(second) ? 3 : 2
        return labels.suffix(count).joined(separator: ".")
    }
}
