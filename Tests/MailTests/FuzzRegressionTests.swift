import Mail
import Testing

/// Inputs that libFuzzer found to crash or hang the parser, kept in
/// Tests/Fixtures/mime/fuzz. Each must now parse, whole and in chunks, to the same result.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let files = Fixtures.files(in: "fuzz", suffix: "")

    @Test func fixturesExist() {
        #expect(!Self.files.isEmpty)
    }

    @Test(arguments: files)
    func parsesWholeAndInChunks(_ path: String) throws {
        let bytes = try Fixtures.bytes(atPath: path)
        let whole = MessageParser.parse(message: bytes)
        #expect(whole.parts.first?.path == "1")
        let parser = MessageStreamParser()
        for start in stride(from: 0, to: bytes.count, by: 3) {
            parser.feed(Array(bytes[start..<min(start + 3, bytes.count)]))
        }
        let chunked = try parser.finish(body: .memory(bytes))
        #expect(chunked.parts == whole.parts)
        #expect(chunked.textViews == whole.textViews)
    }

    @Test(arguments: files)
    func textConvertersGiveUTF8(_ path: String) throws {
        let bytes = UTF8Repair.repair(try Fixtures.bytes(atPath: path)).utf8
        #expect(UTF8Repair.isValid(HTMLTextExtractor.extract(bytes)))
        #expect(UTF8Repair.isValid(TextNormalizer.normalize(bytes)))
        let message = MessageParser.parse(
            message: MessageBuilder.crlf("Content-Type: text/vcard", "") + bytes)
        #expect(message.textViews.allSatisfy { UTF8Repair.isValid($0.text) })
    }

    @Test func addressWithControlBytesTerminates() {
        let addresses = AddressListParser.parse([0x61, 0x00, 0x08, 0x40, 0x62, 0x01])
        #expect(addresses.flatMap(\.mailboxes).map(\.address) == ["\"a\u{0}\u{8}\"@b\u{1}"])
    }
}
