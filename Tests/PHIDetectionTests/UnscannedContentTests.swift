import Foundation
import Mail
import PluginAPI
import Testing

@testable import PHIDetection

/// Unscanned content through the real parser and the plugin: every parser limit and every
/// undecoded transfer encoding fails closed, and small images are exempt.
@Suite struct UnscannedContentTests {
    static let phiLines = PluginTests.phiText.split(separator: "\n").map(String.init)

    /// Builds a `multipart/mixed` message with one part per entry: header lines, an empty
    /// line, then the content.
    static func multipart(_ parts: [String]) -> [UInt8] {
        var lines = ["Content-Type: multipart/mixed; boundary=\"b\"", ""]
        for part in parts {
            lines += ["--b", part]
        }
        lines.append("--b--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func nested(depth: Int, innermost: [String]) -> [UInt8] {
        var lines: [String] = []
        for level in 0..<depth {
            lines += ["Content-Type: multipart/mixed; boundary=b\(level)", "", "--b\(level)"]
        }
        lines += [""] + innermost
        for level in (0..<depth).reversed() {
            lines.append("--b\(level)--")
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func limits(_ change: (inout MIMELimits) -> Void) -> MIMELimits {
        var limits = MIMELimits()
        change(&limits)
        return limits
    }

    struct LimitCase: CustomTestStringConvertible, Sendable {
        let label: String
        let limits: MIMELimits
        let message: [UInt8]
        let reason: String
        var testDescription: String { label }
    }

    static let phiPart = "\r\n" + phiLines.joined(separator: "\r\n")
    static let filler = String(repeating: "routine words ", count: 80)

    static let limitCases: [LimitCase] = [
        LimitCase(
            label: "parts", limits: limits { $0.maxParts = 3 },
            message: multipart(["\r\nhello", "\r\nagenda", "\r\nminutes", phiPart]),
            reason: "part_limit"),
        LimitCase(
            label: "depth", limits: limits { $0.maxDepth = 2 },
            message: nested(depth: 4, innermost: phiLines), reason: "depth_limit"),
        LimitCase(
            label: "decoded part size", limits: limits { $0.maxDecodedPartSize = 1000 },
            message: Array(("\n" + filler + "\n" + phiLines.joined(separator: "\n")).utf8),
            reason: "size_limit"),
        LimitCase(
            label: "text of the message", limits: limits { $0.maxTextViewSize = 1000 },
            message: multipart(["\r\nhello", "\r\n" + filler + "\r\n" + phiPart]),
            reason: "size_limit"),
        LimitCase(
            label: "header fields", limits: limits { $0.maxHeaderFields = 2 },
            message: Array(
                "From: a@example.com\nTo: b@example.org\nSubject: [secure]\n\nHello\n".utf8),
            reason: "header_limit"),
    ]

    @Test(arguments: limitCases)
    func limitMakesMessageSensitive(_ testCase: LimitCase) throws {
        let message = MessageParser.parse(message: testCase.message, limits: testCase.limits)
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.unscanned"], "the content past the limit was scanned")
        let unscanned = try #require(result.findings.first { $0.kind == "UNSCANNED" })
        #expect(unscanned.attributes["reason"] == testCase.reason)
        #expect(result.phiHeader == "yes detectors=unscanned score=0")
    }

    @Test func headerLimitOnMilterPath() throws {
        let headers = (1...5).map { HeaderField(name: "X-Field-\($0)", value: "v") }
        let message = try MessageParser.parse(
            headers: headers, body: .memory(Array("Hello\r\n".utf8)),
            limits: Self.limits { $0.maxHeaderFields = 3 })
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.findings.first { $0.kind == "UNSCANNED" }?.attributes["reason"] == "header_limit")
    }

    @Test func limitAfterManyProblemsStillCounts() throws {
        let damaged = (1...30).map { _ in
            "Content-Transfer-Encoding: quoted-printable\r\n\r\nbad =XY sequence"
        }
        let limits = Self.limits {
            $0.maxProblems = 10
            $0.maxParts = 25
        }
        let message = MessageParser.parse(
            message: Self.multipart(damaged + [Self.phiPart]), limits: limits)
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.unscanned"])
    }

    // MARK: - Transfer encodings

    static func fixture(_ name: String) throws -> ParsedMessage {
        let url = Fixtures.directory.appendingPathComponent("../mime/unscanned/\(name)")
        return MessageParser.parse(message: Array(try Data(contentsOf: url)))
    }

    @Test func unknownTransferEncodingIsUnscanned() throws {
        let result = try PluginHarness().run(try Self.fixture("unknown_cte.eml"))
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.unscanned"])
        let unscanned = try #require(result.findings.first { $0.kind == "UNSCANNED" })
        #expect(unscanned.attributes["reason"] == "unknown_transfer_encoding")
    }

    @Test func uuencodedPHIIsFound() throws {
        let result = try PluginHarness().run(try Self.fixture("uuencode.eml"))
        #expect(result.rules == ["phi.detected"])
        #expect(result.findings.contains { $0.kind == "SSN" })
        #expect(!result.findings.contains { $0.kind == "UNSCANNED" })
    }

    @Test func uuencodeWithoutBeginIsUnscanned() throws {
        let message = MessageParser.parse(
            message: Array(
                "Content-Transfer-Encoding: x-uuencode\n\nM4&%T:65N=#H@06QI8V4@17AA\n".utf8))
        let result = try PluginHarness().run(message)
        #expect(result.findings.first { $0.kind == "UNSCANNED" }?.attributes["reason"] == "undecodable")
    }

    // MARK: - Exempt images

    static let pngHead: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let tiffHead: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]
    static let pdfHead: [UInt8] = Array("%PDF-1.4\n".utf8)

    /// Builds a message with a short text part and one base64 attachment of `size` bytes
    /// that start with `head`.
    static func withAttachment(
        type: String, name: String, head: [UInt8], size: Int, text: String = "Hi, logo attached."
    ) -> ParsedMessage {
        let bytes = head + [UInt8](repeating: 0, count: max(size - head.count, 0))
        let encoded = Data(bytes).base64EncodedString(options: .lineLength76Characters)
        let attachment =
            "Content-Type: \(type); name=\"\(name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + encoded
        return MessageParser.parse(message: multipart(["\r\n" + text, attachment]))
    }

    @Test func smallLogoIsExempt() throws {
        let result = try PluginHarness().run(try Self.fixture("png.eml"))
        #expect(result.reportValue("phi") == .bool(false))
        #expect(result.phiHeader == "no")
        #expect(result.rules.isEmpty)
        let exempt = try #require(result.findings.first { $0.kind == "UNSCANNED_EXEMPT" })
        #expect(exempt.rule == "phi.unscanned_exempt")
        #expect(exempt.count == 1)
        #expect(exempt.locations.map(\.partPath) == ["1.2"])
        #expect(exempt.attributes["types"] == "image/png")
        #expect(exempt.attributes["sizes"] == "208")
        let report = result.reportValue("phi_unscanned_exempt")?.json
        #expect(report == #"[{"path":"1.2","type":"image/png","size":208}]"#)
    }

    @Test func largeTIFFIsUnscanned() throws {
        let message = Self.withAttachment(
            type: "image/tiff", name: "fax.tif", head: Self.tiffHead, size: 2 << 20)
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.unscanned"])
        #expect(result.findings.first { $0.kind == "UNSCANNED" }?.attributes["reason"] == "binary_content")
        #expect(!result.findings.contains { $0.kind == "UNSCANNED_EXEMPT" })
        #expect(result.reportValue("phi_unscanned_exempt") == nil)
    }

    @Test func smallTIFFIsUnscannedByDefault() throws {
        let message = Self.withAttachment(
            type: "image/tiff", name: "fax.tif", head: Self.tiffHead, size: 40_000)
        #expect(try PluginHarness().run(message).reportValue("phi") == .bool(true))
    }

    @Test func pngOverMaxSizeIsUnscanned() throws {
        let message = Self.withAttachment(
            type: "image/png", name: "scan.png", head: Self.pngHead, size: 300_000)
        #expect(try PluginHarness().run(message).reportValue("phi") == .bool(true))
    }

    @Test func documentDeclaredAsImageIsUnscanned() throws {
        let message = Self.withAttachment(
            type: "image/png", name: "logo.png", head: Self.pdfHead, size: 5_000)
        #expect(message.parts[2].detectedType == "application/pdf")
        #expect(try PluginHarness().run(message).reportValue("phi") == .bool(true))
    }

    @Test func imageWithoutSignatureIsUnscanned() throws {
        let message = Self.withAttachment(
            type: "image/png", name: "logo.png", head: [0x00, 0x01, 0x02], size: 5_000)
        #expect(try PluginHarness().run(message).reportValue("phi") == .bool(true))
    }

    @Test func exemptImageDoesNotHidePHI() throws {
        let message = Self.withAttachment(
            type: "image/png", name: "logo.png", head: Self.pngHead, size: 5_000,
            text: Self.phiLines.joined(separator: "\r\n"))
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
        #expect(result.rules == ["phi.detected"])
    }

    @Test(arguments: [
        (["phi_unscanned_exempt_types": "image/*"], "image/tiff", false),
        (["phi_unscanned_exempt_types": ""], "image/png", true),
        (["phi_unscanned_exempt_max_size": "0"], "image/png", true),
        (["phi_unscanned_exempt_types": "IMAGE/PNG"], "image/png", false),
        (["phi_unscanned_exempt_types": "image/gif"], "image/png", true),
    ])
    func exemptionIsConfigurable(
        _ overrides: [String: String], type: String, sensitive: Bool
    ) throws {
        let head = type == "image/tiff" ? Self.tiffHead : Self.pngHead
        let message = Self.withAttachment(type: type, name: "image", head: head, size: 10_000)
        let result = try PluginHarness(overrides: overrides).run(message)
        #expect(result.reportValue("phi") == .bool(sensitive), "\(overrides) \(type)")
    }

    @Test(arguments: ["image", "*/*", "image/png/x", "image/", "/png", "image/p ng"])
    func invalidPatternIsRejected(_ pattern: String) {
        do {
            _ = try PluginHarness(overrides: ["phi_unscanned_exempt_types": pattern])
            Issue.record("pattern '\(pattern)' was accepted")
        } catch {
            #expect("\(error)".contains("phi_unscanned_exempt_types"), "\(error)")
        }
    }

    @Test func debugLogCountsExemptParts() throws {
        let harness = try PluginHarness()
        _ = try harness.run(try Self.fixture("png.eml"))
        let line = try #require(harness.log.lines.first)
        #expect(line.contains("phi=no"), "\(line)")
        #expect(line.contains("exempt=1"), "\(line)")
    }
}
