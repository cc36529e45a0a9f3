import Testing

@testable import AutoEncryptRedirect

@Suite struct MTASTSTests {
    @Test func policyParsesEveryField() throws {
        let text =
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
            + "mx: *.example.net\r\nmax_age: 604800\r\nextension: ignored\r\n"
        let policy = try MTASTSPolicy(parsing: text)
        #expect(policy.mode == .enforce)
        #expect(policy.mxPatterns == ["mail.example.com", "*.example.net"])
        #expect(policy.maxAge == 604800)
    }

    @Test(arguments: [
        ("mode: enforce\nmx: a.example\nmax_age: 1\n", "version"),
        ("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1\n", "mode"),
        ("version: STSv1\nmode: enforce\nmx: a.example\n", "max_age"),
        ("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601\n", "max_age"),
        ("version: STSv1\nmode: enforce\nmax_age: 100\n", "mx"),
    ])
    func invalidPolicyIsRejected(text: String, field: String) {
        #expect {
            try MTASTSPolicy(parsing: text)
        } throws: { error in
            "\(error)".contains(field)
        }
    }

    @Test func noneModeNeedsNoMX() throws {
        let policy = try MTASTSPolicy(parsing: "version: STSv1\nmode: none\nmax_age: 10\n")
        #expect(policy.mode == MTASTSPolicy.Mode.none)
    }

    @Test(arguments: [
        ("mail.example.com", true),
        ("MAIL.Example.COM.", true),
        ("mx1.example.net", true),
        ("example.net", false),
        ("a.b.example.net", false),
        ("mail.example.org", false),
        ("evilexample.net", false),
    ])
    func mxPatternMatching(host: String, allowed: Bool) {
        let policy = MTASTSPolicy(
            mode: .enforce, mxPatterns: ["mail.example.com", "*.example.net"], maxAge: 60)
        #expect(policy.allows(mxHost: host) == allowed)
    }

    @Test func recordParsesID() throws {
        let record = try MTASTSRecord(txtRecords: ["v=spf1 -all", "v=STSv1; id=20160831085700Z;"])
        #expect(record.id == "20160831085700Z")
    }

    @Test(arguments: [
        ["v=STSv1; id=1", "v=STSv1; id=2"],
        ["v=STSv1;"],
        ["v=STSv1; id=has-dash"],
    ])
    func invalidRecordsGiveNoPolicy(records: [String]) {
        #expect(throws: MTASTSError.self) { try MTASTSRecord(txtRecords: records) }
    }

    @Test func missingRecordIsNoRecord() {
        #expect(throws: MTASTSError.noRecord) { try MTASTSRecord(txtRecords: ["v=spf1"]) }
    }

    @Test func httpReplyWithLengthGivesBody() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8)
        #expect(try HTTPReply(bytes: bytes).body(limit: 100) == "hello")
    }

    @Test func httpReplyChunkedIsDecoded() throws {
        let bytes = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                .utf8)
        #expect(try HTTPReply(bytes: bytes).body(limit: 100) == "abcde")
    }

    @Test func httpRedirectIsRefused() {
        let bytes = Array("HTTP/1.1 301 Moved\r\nLocation: https://x/\r\n\r\n".utf8)
        #expect(throws: MTASTSError.self) { try HTTPReply(bytes: bytes).body(limit: 100) }
    }

    @Test func truncatedBodyIsRefused() {
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort".utf8)
        #expect(throws: MTASTSError.self) { try HTTPReply(bytes: bytes).body(limit: 100) }
    }
}
