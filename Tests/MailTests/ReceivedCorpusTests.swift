import Mail
import Testing

/// Checks the parser against every case of the shared Received corpus copy. The `tls`
/// verdict itself is policy and is tested with the TLS requirement plugin; here only
/// "the line states encryption" must agree with a `yes` verdict.
@Suite struct ReceivedCorpusTests {
    @Test func corpusIsLoaded() {
        #expect(ReceivedFixtures.cases().count >= 33)
    }

    @Test(arguments: ReceivedFixtures.cases())
    func parsesCase(_ testCase: ReceivedCase) {
        let header = ReceivedParser.parse(testCase.header)
        #expect(header.from?.host == testCase.fromHost, "from_host")
        #expect(header.from?.address?.description == testCase.fromIP, "from_ip")
        #expect(header.by?.host == testCase.byHost, "by_host")
        #expect(header.protocolName == testCase.protocolName, "protocol")
        #expect((header.tls != nil) == (testCase.tls == "yes"), "stated encryption")
        #expect(header.tls?.version?.rawValue == testCase.tlsVersion, "tls_version")
        #expect(header.tls?.cipher == testCase.cipher, "cipher")
        #expect(header.tls?.bits == testCase.bits, "bits")
    }
}
