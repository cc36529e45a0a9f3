import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// Domain keys with a leading dot, as in Postfix tables, match only subdomains. The key
/// descriptions in the configuration reference must state this.
@Suite struct LeadingDotDomainTests {
    @Test(arguments: [
        ("mx.example.org", ".example.org"), ("a.b.example.org", ".example.org"),
        ("example.org", nil), ("otherexample.org", nil),
    ] as [(String, String?)])
    func overrideMatchesSubdomainsOnly(domain: String, key: String?) throws {
        let map = try PostfixPolicyMap(text: ".example.org encrypt", path: "test")
        #expect(map.lookup(domain: domain)?.key == key)
    }

    @Test(arguments: [
        ("mx.example.org", "domain:.example.org"), ("example.org", "none"),
    ])
    func domainActionMatchesSubdomainsOnly(domain: String, setting: String) {
        var policy = ProtectionPolicy()
        policy.domainActions[".example.org"] = .deliver
        #expect(policy.action(domain: domain, assurance: .none).1 == setting)
    }

    @Test(arguments: ["auto_encrypt_tls_overrides", "auto_encrypt_domain_actions"])
    func descriptionTellsToListBothForms(key: String) throws {
        let declared = try #require(
            AutoEncryptRedirectPlugin.descriptor.configKeys.first { $0.name == key })
        #expect(!declared.summary.contains("also matches subdomains"))
        #expect(declared.summary.contains("matches only its subdomains"))
        #expect(declared.summary.contains("list both"))
    }
}
