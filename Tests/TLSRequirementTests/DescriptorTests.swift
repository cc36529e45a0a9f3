import PluginAPI
import TLSRequirement
import Testing

@Suite struct DescriptorTests {
    @Test func descriptorDeclaresPrefixedKeys() {
        #expect(tlsRequirementDescriptor.name == "tls_requirement")
        #expect(TLSRequirementPlugin.descriptor.name == "tls_requirement")
        let names = tlsRequirementDescriptor.configKeys.map(\.name)
        #expect(names.allSatisfy { $0.hasPrefix("tls_") })
        #expect(Set(names).count == names.count)
        #expect(tlsRequirementDescriptor.configKeys.allSatisfy { !$0.summary.isEmpty })
    }

    @Test func defaultsMakeAPlugin() throws {
        let configuration = try PluginConfiguration(descriptor: tlsRequirementDescriptor)
        let plugin = try tlsRequirementDescriptor.make(configuration)
        #expect(plugin is TLSRequirementPlugin)
    }

    @Test(arguments: [
        (
            "tls_internal_networks", "10.0.0.0/33",
            "tls_internal_networks: invalid value '10.0.0.0/33'"
        ),
        ("tls_require_client_networks", "mail.example.com", "not a network"),
        ("tls_require_recipient_domains", "a@example.org", "not a domain"),
        ("tls_weak_reply", "450 4.7.1 Too weak", "a reject reply needs a 5xx code"),
        ("tls_missing_tempfail_reply", "530 5.7.0 No", "a tempfail reply needs a 4xx code"),
        ("tls_signature_files", "/nonexistent/signatures.conf", "cannot read the signature file"),
    ])
    func unusableValuesAreRejected(_ key: String, _ value: String, _ message: String) throws {
        let configuration = try PluginConfiguration(
            descriptor: tlsRequirementDescriptor, overrides: [key: value])
        do {
            _ = try tlsRequirementDescriptor.make(configuration)
            Issue.record("no error for \(key) = \(value)")
        } catch {
            #expect("\(error)".contains(message))
        }
    }

    @Test func invalidChoiceIsRejectedByConfiguration() {
        #expect(throws: ConfigError.self) {
            _ = try PluginConfiguration(
                descriptor: tlsRequirementDescriptor, overrides: ["tls_on_missing": "bounce"])
        }
    }
}
