import Foundation
import Mail
import PluginAPI
import Testing

@testable import PHIDetection

/// Messages with health data that one reading of the parser hid; each must come out
/// sensitive through the real parser and the plugin.
@Suite struct HiddenContentTests {
    static let directory = Fixtures.directory.deletingLastPathComponent()
        .appendingPathComponent("mime/regressions")

    static let files = [
        "b06_two_cte", "c_zlib", "q_a_orig", "m10_html_meta_charset_conflict",
        "m14_bom_both_alternatives", "m15_csv_attachment_bom", "u11_bom_fffe_utf8_declared",
        "u14_bom_fffe_latin1",
    ]

    @Test(arguments: files)
    func hiddenContentIsSensitive(name: String) throws {
        let url = Self.directory.appendingPathComponent(name + ".eml")
        let message = MessageParser.parse(message: Array(try Data(contentsOf: url)))
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true), "\(name)")
    }

    @Test func subjectOverHeaderLimitIsSensitive() throws {
        var limits = MIMELimits()
        limits.maxHeaderFields = 50
        var lines = (0..<60).map { "X-Filler-\($0): value" }
        lines += ["Subject: SSN 372-81-4096", "", "Hello"]
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
        let message = MessageParser.parse(message: bytes, limits: limits)
        let result = try PluginHarness().run(message)
        #expect(result.reportValue("phi") == .bool(true))
    }
}
