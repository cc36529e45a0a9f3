import Testing

@testable import AutoEncryptRedirect

@Suite struct DNSMessageTests {
    /// Returns a response header: id 1, QR and AD set, `answers` answer records, one question for
    /// example.com.
    static func header(flags: [UInt8] = [0x81, 0xA0], answers: UInt8) -> [UInt8] {
        [0x00, 0x01] + flags + [0x00, 0x01, 0x00, answers, 0x00, 0x00, 0x00, 0x00]
            + [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0x00, 0x0F, 0x00, 0x01]
    }

    static func record(type: UInt8, data: [UInt8]) -> [UInt8] {
        [0xC0, 0x0C, 0x00, type, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, UInt8(data.count)]
            + data
    }

    @Test func mxRecordWithCompressionIsParsed() throws {
        let data: [UInt8] = [0x00, 0x0A, 2] + Array("mx".utf8) + [0xC0, 0x0C]
        let message = try DNSMessage(
            parsing: DNSMessageTests.header(answers: 1)
                + DNSMessageTests.record(type: 15, data: data))
        #expect(message.authenticData)
        #expect(message.responseCode == 0)
        #expect(message.answers.count == 1)
        #expect(message.answers.first?.name == "example.com")
        #expect(
            message.answers.first?.data
                == .mailExchanger(preference: 10, exchange: "mx.example.com"))
    }

    @Test func txtStringsAreJoined() throws {
        let data: [UInt8] = [3] + Array("v=S".utf8) + [5] + Array("TSv1;".utf8)
        let message = try DNSMessage(
            parsing: DNSMessageTests.header(answers: 1)
                + DNSMessageTests.record(type: 16, data: data))
        #expect(message.answers.first?.data == .text("v=STSv1;"))
    }

    @Test func tlsaRecordIsParsed() throws {
        let data: [UInt8] = [3, 1, 1, 0xAB, 0xCD]
        let message = try DNSMessage(
            parsing: DNSMessageTests.header(answers: 1)
                + DNSMessageTests.record(type: 52, data: data))
        let expected = TLSARecord(
            usage: 3, selector: 1, matchingType: 1, associationData: [0xAB, 0xCD])
        #expect(message.answers.first?.data == .tlsa(expected))
        #expect(expected.isUsableForSMTP)
        #expect(expected.presentation == "3 1 1 abcd")
    }

    @Test func adBitClearIsReported() throws {
        let message = try DNSMessage(
            parsing: DNSMessageTests.header(flags: [0x81, 0x80], answers: 0))
        #expect(!message.authenticData)
    }

    @Test func compressionLoopIsRejected() {
        let looping: [UInt8] = [0xC0, 0x0C + 0]
        var bytes = DNSMessageTests.header(answers: 1)
        let answerStart = bytes.count
        bytes += [0xC0, UInt8(answerStart)] + [0x00, 0x0F, 0x00, 0x01, 0, 0, 0, 1, 0, 2] + looping
        #expect(throws: DNSError.self) { try DNSMessage(parsing: bytes) }
    }

    @Test func truncatedRecordIsRejected() {
        var bytes =
            DNSMessageTests.header(answers: 1)
            + DNSMessageTests.record(type: 1, data: [127, 0, 0, 1])
        bytes.removeLast(2)
        #expect(throws: DNSError.self) { try DNSMessage(parsing: bytes) }
    }

    @Test(arguments: [
        TLSARecord(usage: 0, selector: 0, matchingType: 1, associationData: [1]),
        TLSARecord(usage: 1, selector: 1, matchingType: 1, associationData: [1]),
        TLSARecord(usage: 3, selector: 2, matchingType: 1, associationData: [1]),
        TLSARecord(usage: 3, selector: 1, matchingType: 3, associationData: [1]),
        TLSARecord(usage: 2, selector: 1, matchingType: 1, associationData: []),
    ])
    func unusableTLSARecords(record: TLSARecord) {
        #expect(!record.isUsableForSMTP)
    }

    @Test(arguments: [
        ("", nil, 53), ("127.0.0.1", "127.0.0.1", 53), ("127.0.0.53:5353", "127.0.0.53", 5353),
    ])
    func resolverSettingIsParsed(setting: String, server: String?, port: Int) throws {
        let resolver = try DNSResolver(setting: setting)
        #expect(resolver.server == server)
        #expect(Int(resolver.port) == port)
    }

    @Test(arguments: ["localhost", "::1", "127.0.0.1:0", "127.0.0.1:x", "300.1.1.1"])
    func invalidResolverSetting(setting: String) {
        #expect(throws: DNSError.invalidResolver(setting)) { try DNSResolver(setting: setting) }
    }
}
