/// Host name to IP addresses through the plugin's resolver, so that tests can map test
/// host names to loopback addresses with their own DNS server.
struct AddressLookup: Sendable {
    var resolver: DNSResolver

    /// Returns the IPv4 addresses, then the IPv6 addresses, of `host`. An IP literal is
    /// returned as it is. Throws when neither lookup returned an address.
    func addresses(of host: String) throws(DNSError) -> [String] {
        if DNSResolver.isIPv4(host) || host.contains(":") {
            return [host]
        }
        var addresses: [String] = []
        var firstError: DNSError?
        for type in [DNSRecordType.a, .aaaa] {
            do {
                addresses += try resolver.lookup(host, type).records.compactMap {
                    if case .address(let address) = $0.data { address } else { nil }
                }
            } catch {
                firstError = firstError ?? error
            }
        }
        guard !addresses.isEmpty else {
            throw firstError ?? .noRecords(name: host, type: "A")
        }
        return addresses
    }
}
