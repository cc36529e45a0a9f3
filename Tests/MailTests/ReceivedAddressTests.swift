import Mail
import Testing

@Suite struct ReceivedAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("[192.0.2.1]", "192.0.2.1"),
        ("[192.0.2.77]:51234", "192.0.2.77"),
        ("[IPv6:2001:db8::1]", "2001:db8::1"),
        ("[IPV6:2001:DB8::1]", "2001:db8::1"),
        ("IPv6:::1", "::1"),
        ("[IPv6:::1]", "::1"),
        ("::ffff:198.51.100.30", "198.51.100.30"),
        ("[::ffff:192.0.2.99]", "192.0.2.99"),
        ("[fe80::1c2d:3e4f:5a6b:7c8d%12]", "fe80::1c2d:3e4f:5a6b:7c8d"),
        ("[fe80::a1b2:c3d4:e5f6:1234%9]]", "fe80::a1b2:c3d4:e5f6:1234"),
        ("2001:db8:10a6:10:1d8:cafe::b3", "2001:db8:10a6:10:1d8:cafe::b3"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("::", "::"),
    ])
    func addressesAreRead(_ text: String, _ expected: String) {
        #expect(IPAddress(lenient: text)?.description == expected)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04444", "15.1.2507", "gggg::1", "1::2::3",
        ":::1", "1:2:3:4:5:6:7:8:9", "[unix socket]", "unknown", "12345::", "[192.0.2.1",
    ])
    func nonAddressesAreRejected(_ text: String) {
        #expect(IPAddress(lenient: text) == nil)
    }

    @Test func mappedAddressEqualsIPv4() {
        #expect(IPAddress("::ffff:192.0.2.1") == IPAddress("192.0.2.1"))
        #expect(IPAddress("2001:db8:0:0::1") == IPAddress("2001:db8::1"))
    }

    @Test func canonicalTextFollowsRFC5952() {
        #expect(IPAddress("2001:DB8:0:0:0:0:0:1")?.canonicalText == "2001:db8::1")
        #expect(IPAddress("2001:db8:0:1:0:0:1:0")?.canonicalText == "2001:db8:0:1::1:0")
        #expect(IPAddress("2001:db8:cafe::b3")?.canonicalText == "2001:db8:cafe::b3")
    }

    @Test(arguments: [
        ("127.0.0.2", true, false, false), ("::1", true, false, false),
        ("10.8.0.2", false, true, false), ("172.17.15.69", false, true, false),
        ("172.32.0.1", false, false, false), ("192.168.1.5", false, true, false),
        ("fd00::1", false, true, false), ("fe80::1", false, false, true),
        ("169.254.1.1", false, false, true), ("192.0.2.1", false, false, false),
    ])
    func rangesAreClassified(_ text: String, _ loopback: Bool, _ isPrivate: Bool, _ link: Bool) {
        let address = IPAddress(text)
        #expect(address?.isLoopback == loopback)
        #expect(address?.isPrivate == isPrivate)
        #expect(address?.isLinkLocal == link)
    }

    @Test(arguments: [
        ("TLSv1.3", "TLSv1.3"), ("TLS1_2", "TLSv1.2"), ("TLS1.2", "TLSv1.2"),
        ("tlsv1", "TLSv1.0"), ("TLSv1.1", "TLSv1.1"), ("TLS 1.0", "TLSv1.0"),
        ("SSLv3", "SSLv3"), ("TLSv1/SSLv3", "any"), ("TLSv1.2,", "TLSv1.2"),
    ])
    func versionsAreNormalised(_ text: String, _ expected: String) {
        #expect(TLSProtocolVersion(text: text)?.rawValue == expected)
    }

    @Test(arguments: ["TLS", "TLSv9.9", "", "SSL", "v1.2", "TLSv1.4"])
    func unknownVersionsAreNil(_ text: String) {
        #expect(TLSProtocolVersion(text: text) == nil)
    }
}
