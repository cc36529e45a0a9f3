import Foundation
import Testing

/// `tlsguard mime` on inputs that are not whole messages, and its list of unscanned
/// content.
@Suite struct MimeCommandTests {
    static let tlsguard = TestEnvironment.executable("tlsguard")

    static func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let directory = try TestEnvironment.makeTemporaryDirectory("mime")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("input.eml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try body(path)
    }

    @Test func emptyFileIsAnError() throws {
        let result = try Self.withFile([]) { try runCommand(Self.tlsguard, ["mime", $0]) }
        #expect(result.status == 66)
        #expect(result.output.contains("input.eml: empty file, no message in it"), "\(result.output)")
    }

    @Test func emptyStandardInputIsAnError() throws {
        let result = try runCommand(Self.tlsguard, ["mime", "-"], input: Data())
        #expect(result.status == 66)
        #expect(result.output.contains("-: empty file, no message in it"), "\(result.output)")
    }

    @Test func inputWithoutHeadersIsReadAsBody() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<2000).map { _ in UInt8.random(in: 0x80...0xFF, using: &generator) }
        let result = try Self.withFile(bytes) { try runCommand(Self.tlsguard, ["mime", $0]) }
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("no header fields; the input is read as the body"))
        #expect(result.output.contains("1     text/plain"), "\(result.output)")
    }

    @Test func missingFileIsAnError() throws {
        let result = try runCommand(Self.tlsguard, ["mime", "/nonexistent/message.eml"])
        #expect(result.status == 66)
        #expect(result.output.contains("/nonexistent/message.eml"))
    }

    @Test func unscannedContentIsListed() throws {
        let message = """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Transfer-Encoding: x-gzip64

            H4sIAAAAAAAAA
            --b--

            """
        let result = try Self.withFile(Array(message.utf8)) {
            try runCommand(Self.tlsguard, ["mime", $0])
        }
        #expect(result.status == 0)
        #expect(result.output.contains("NOT SCANNED: unknown transfer encoding"), "\(result.output)")
        #expect(result.output.contains("unscanned content:\n  1.1: unknown transfer encoding"))
    }
}
