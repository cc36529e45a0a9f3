import PluginAPI
import Testing

@testable import AutoEncryptRedirect

@Suite struct PolicyMapTests {
    static let table = """
        # Postfix smtp_tls_policy_maps source, as an admin writes it
        example.com      encrypt protocols=>=TLSv1.2
        [mx.example.net]:25 verify
          match=mx.example.net:.example.net
        .example.org     may
        legacy.example   none
        dane.example     dane
        secure.example   secure match=nexthop:dot-nexthop ciphers=high
        example.com      none
        """

    func map() throws -> PostfixPolicyMap {
        try PostfixPolicyMap(text: PolicyMapTests.table, path: "tls_policy")
    }

    @Test(arguments: [
        ("example.com", "example.com", "encrypt protocols=>=TLSv1.2"),
        ("EXAMPLE.com", "example.com", "encrypt protocols=>=TLSv1.2"),
        ("mail.example.org", ".example.org", "may"),
        ("a.b.example.org", ".example.org", "may"),
        ("legacy.example", "legacy.example", "none"),
        ("dane.example", "dane.example", "dane"),
        ("secure.example", "secure.example", "secure match=nexthop:dot-nexthop ciphers=high"),
    ])
    func lookupFindsEntry(domain: String, key: String, policy: String) throws {
        let found = try #require(try map().lookup(domain: domain))
        #expect(found.key == key)
        #expect(found.policy.text == policy)
    }

    @Test(arguments: ["example.org", "sub.example.com", "mx.example.net", "other.example"])
    func lookupMissesUnlistedDomain(domain: String) throws {
        #expect(try map().lookup(domain: domain) == nil)
    }

    @Test func firstEntryForKeyWins() throws {
        #expect(try map().lookup(domain: "example.com")?.policy.level == .encrypt)
    }

    @Test func continuationLineJoinsEntry() throws {
        let policy = try #require(try map().policy(forKey: "[mx.example.net]:25"))
        #expect(policy.level == .verify)
        #expect(policy.attributes.map(\.name) == ["match"])
        #expect(policy.attributes.first?.value == "mx.example.net:.example.net")
    }

    @Test(arguments: [
        (PostfixTLSPolicy.Level.none, TLSAssurance.none, TLSEnforcementLevel?.none),
        (.may, .opportunistic, nil),
        (.encrypt, .encrypted, .encrypt),
        (.fingerprint, .verified, .encrypt),
        (.dane, .verified, .dane),
        (.daneOnly, .verified, .dane),
        (.verify, .verified, .verify),
        (.secure, .verified, .secure),
    ])
    func levelMapsToAssurance(
        level: PostfixTLSPolicy.Level, assurance: TLSAssurance, enforced: TLSEnforcementLevel?
    ) {
        let policy = PostfixTLSPolicy(level: level)
        #expect(policy.assurance == assurance)
        #expect(policy.enforcementLevel == enforced)
    }

    @Test func unknownLevelNamesLine() {
        #expect(
            throws: PolicyMapError.atLine(
                path: "tls_policy", line: 2,
                message: PolicyMapError.unknownLevel("mandatory").description)
        ) {
            try PostfixPolicyMap(text: "a.example may\nb.example mandatory\n", path: "tls_policy")
        }
    }

    @Test func missingValueIsError() {
        #expect(throws: PolicyMapError.self) {
            try PostfixPolicyMap(text: "a.example\n", path: "tls_policy")
        }
    }

    @Test func attributeWithoutEqualsIsError() {
        #expect(throws: PolicyMapError.invalidAttribute("protocols")) {
            try PostfixTLSPolicy(parsing: "encrypt protocols")
        }
    }

    @Test(arguments: [
        ("hash:/etc/postfix/tls_policy", "/etc/postfix/tls_policy"),
        ("lmdb:/etc/postfix/tls_policy", "/etc/postfix/tls_policy"),
        ("texthash:/etc/postfix/tls_policy", "/etc/postfix/tls_policy"),
        ("/etc/postfix/tls_policy", "/etc/postfix/tls_policy"),
    ])
    func tableSpecGivesSourcePath(spec: String, path: String) throws {
        #expect(try PostfixPolicyMap.sourcePath(of: spec) == path)
    }

    @Test(arguments: ["pcre:/etc/postfix/tls_policy", "mysql:/etc/postfix/tls.cf"])
    func patternTablesAreRejected(spec: String) {
        #expect(throws: PolicyMapError.unsupportedTable(spec)) {
            try PostfixPolicyMap.sourcePath(of: spec)
        }
    }

    @Test func missingFileIsError() {
        #expect(throws: PolicyMapError.self) {
            try PostfixPolicyMap.load(tables: ["hash:/nonexistent/tls_policy"])
        }
    }
}
