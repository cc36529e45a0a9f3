import Mail
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// Header values that a copy adds or changes are folded before they reach the wire.
@Suite struct HeaderFolderTests {
    static let addresses = (1...30).map { "<patient-contact-\($0)@notls.example>" }
        .joined(separator: ", ")

    func folded(_ value: String, name: String = "X-TLSGuard-Original-Recipients") -> String {
        String(decoding: HeaderFolder.rawValue(value, name: name), as: UTF8.self)
    }

    /// Returns the value as a reader unfolds it: each line break before white space removed.
    func unfold(_ raw: String) -> String {
        raw.replacingOccurrences(of: "\n ", with: " ").replacingOccurrences(of: "\n\t", with: "\t")
    }

    @Test(arguments: [
        ("short value", "encrypt", "encrypt"),
        ("carriage return and NUL dropped", "en\rcry\0pt", "encrypt"),
        ("line break before text becomes a space", "a@x.example\nBcc: b@y.example",
         "a@x.example Bcc: b@y.example"),
        ("existing fold is unfolded", "first\n second", "first second"),
        ("trailing line breaks dropped", "value\n\n", "value"),
        ("blank continuation unfolded", "value\n \n", "value "),
    ])
    func shortValuesStayOnOneLine(label: String, value: String, expected: String) {
        #expect(folded(value, name: "Subject") == expected, "\(label)")
    }

    @Test func longListFoldsBetweenAddresses() {
        let raw = folded(HeaderFolderTests.addresses)
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 10)
        #expect(("X-TLSGuard-Original-Recipients: " + lines[0]).utf8.count <= 78)
        for line in lines.dropFirst() {
            #expect(line.utf8.count <= 78, "\(line)")
            #expect(line.first == " ", "\(line)")
            #expect(line.dropFirst().first == "<", "\(line)")
        }
        #expect(unfold(raw) == HeaderFolderTests.addresses)
    }

    @Test func longWordStaysWhole() {
        let word = String(repeating: "x", count: 120)
        let raw = folded("short " + word + " tail", name: "Subject")
        #expect(raw == "short\n " + word + "\n tail")
    }

    @Test func leadingWhiteSpaceIsNotFoldedAlone() {
        let raw = folded("   " + String(repeating: "y", count: 90), name: "Subject")
        #expect(!raw.contains("\n"))
    }

    @Test func assembledCopyHasNoLongHeaderLine() throws {
        let bytes = try MessageAssembler.assemble(
            headers: [HeaderField(name: "Subject", value: "Referral")],
            body: Array("text\r\n".utf8),
            actions: [
                .addHeader(
                    name: "X-TLSGuard-Original-Recipients", value: HeaderFolderTests.addresses)
            ])
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(text)")
        #expect(!text.contains("\n\n"))
        #expect(text.hasSuffix("\r\n\r\ntext\r\n"))
    }
}
