import Testing

@testable import MilterKit

@Suite struct HeaderValueEncoderTests {
    @Test(arguments: [
        ("plain value", false, "plain value"),
        ("plain value", true, " plain value"),
        ("a\r\nb", false, "a\n\tb"),
        ("a\nb", false, "a\n\tb"),
        ("a\n b", false, "a\n b"),
        ("a\n\n \nb", false, "a\n\tb"),
        ("a\0b\r", false, "ab"),
        ("trailing\n", false, "trailing"),
        ("", true, " "),
    ])
    func encodes(value: String, leadingSpace: Bool, expected: String) {
        #expect(
            HeaderValueEncoder.encode(value, name: "X-Test", leadingSpace: leadingSpace) == expected
        )
    }

    @Test func foldsLongLinesAtWhiteSpace() {
        let value = (1...40).map { "word\($0)" }.joined(separator: " ")
        let encoded = HeaderValueEncoder.encode(value, name: "X-Findings", leadingSpace: false)
        let lines = encoded.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 3)
        #expect(("X-Findings: " + lines[0]).utf8.count <= 78)
        for line in lines.dropFirst() {
            #expect(line.utf8.count <= 78)
            #expect(line.first == " ")
        }
        #expect(String(encoded.filter { $0 != "\n" }) == value, "unfolding restores it")
    }

    @Test func lineWithoutWhiteSpaceStaysWhole() {
        let value = String(repeating: "x", count: 200)
        #expect(HeaderValueEncoder.encode(value, name: "X", leadingSpace: false) == value)
    }

    @Test(arguments: [
        ("X-Ok", true), ("", false), ("Bad Name", false), ("Bad:Name", false), ("Caf\u{E9}", false),
    ])
    func validatesNames(name: String, valid: Bool) {
        #expect(HeaderValueEncoder.isValidName(name) == valid)
    }

    @Test func quarantineReasonIsASCIIAndShort() {
        let reason = HeaderValueEncoder.quarantineReason(
            "policy \u{E9}\n" + String(repeating: "y", count: 400))
        #expect(reason.hasPrefix("policy ???"))
        #expect(reason.utf8.count == 255)
        #expect(reason.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
        #expect(HeaderValueEncoder.quarantineReason("") == "quarantined by milter")
    }
}
