import PluginAPI
import Testing

@Suite struct EnvelopeAddressTests {
    @Test(arguments: [
        ("<Bob@Example.org>", "Bob@Example.org", "example.org"),
        ("<>", "", nil),
        (" <a@b.example> ", "a@b.example", "b.example"),
        ("postmaster", "postmaster", nil),
        ("<\"odd local\"@example.com>", "\"odd local\"@example.com", "example.com"),
    ])
    func addressAndDomain(raw: String, address: String, domain: String?) {
        let envelope = EnvelopeAddress(raw: raw)
        #expect(envelope.address == address)
        #expect(envelope.domain == domain)
        #expect(envelope.raw == raw)
    }

    @Test func nullSender() {
        #expect(EnvelopeAddress(raw: "<>").isNullSender)
        #expect(EnvelopeAddress(raw: "<>").description == "<>")
    }
}

@Suite struct TLSFactsTests {
    @Test func factsFromMacros() throws {
        let facts = try #require(
            TLSFacts(macros: [
                "tls_version": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384",
                "cipher_bits": "256", "cert_subject": "", "verify": "OK",
            ]))
        #expect(facts.version == "TLSv1.3")
        #expect(facts.cipherBits == 256)
        #expect(facts.certificateSubject == nil)
        #expect(facts.verify == "OK")
    }

    @Test func noTLSMacrosMeansNil() {
        #expect(TLSFacts(macros: ["tls_version": "", "i": "ABC"]) == nil)
    }
}

@Suite struct ReportValueTests {
    @Test func jsonEscapesControlAndQuotes() {
        let value = ReportValue.object([
            ("text", .string("a\"b\\c\n\u{1}")), ("n", .int(3)), ("ok", .bool(true)),
            ("none", .null), ("list", .array([.double(1.5), .string("x")])),
        ])
        #expect(value.json == #"{"text":"a\"b\\c\n\u0001","n":3,"ok":true,"none":null,"list":[1.5,"x"]}"#)
    }
}

@Suite struct VerdictTests {
    @Test func precedenceOrder() {
        let sorted = Verdict.allCases.sorted()
        #expect(sorted == [.continue, .accept, .discard, .quarantine, .tempfail, .reject])
    }
}
