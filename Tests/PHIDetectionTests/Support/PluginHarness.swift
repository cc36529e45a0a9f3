import Logging
import Mail
import PluginAPI

@testable import PHIDetection

/// Runs the plugin's end-of-message stage on a parsed message, as the engine does, with an
/// in-memory log.
struct PluginHarness {
    let plugin: PHIDetectionPlugin
    let log = MemoryLogHandler()

    init(overrides: [String: String] = [:]) throws {
        let configuration = try PluginConfiguration(
            descriptor: PHIDetection.descriptor, overrides: overrides)
        let made = try PHIDetection.descriptor.make(configuration)
        guard let plugin = made as? PHIDetectionPlugin else {
            throw HarnessError.unexpectedPluginType
        }
        self.plugin = plugin
    }

    enum HarnessError: Error { case unexpectedPluginType }

    func run(_ message: ParsedMessage, body: [UInt8] = []) throws -> StageResult {
        let logger = Logger(label: "phi_detection", handler: log, minimumLevel: .debug)
            .with(queueID: "4Ck2Ld0Qx1z9")
        let stage = StageContext(
            queueID: "4Ck2Ld0Qx1z9", connection: ConnectionInfo(), envelope: Envelope(),
            headers: message.headers, findings: [], logger: logger)
        return try plugin.endOfMessage(
            MessageContext(stage: stage, message: message, body: .memory(body)))
    }

    /// Builds a one-view message from text and optional headers.
    static func message(_ text: String, headers: [HeaderField] = [], kind: TextKind = .plain)
        -> ParsedMessage
    {
        let part = MIMEPart(
            path: "1", contentType: "text/plain", charset: "utf-8", transferEncoding: "7bit",
            filename: nil, decodedSize: text.utf8.count, scan: .scanned, headers: headers)
        return ParsedMessage(
            headers: headers, parts: [part],
            textViews: [TextView(partPath: "1", kind: kind, text: Array(text.utf8))],
            problems: [])
    }
}

extension StageResult {
    /// The value of the `X-TLSGuard-PHI` header this result adds, or nil.
    var phiHeader: String? {
        for action in actions {
            if case .addHeader(let name, let value) = action, name == PHIDetection.headerName {
                return value
            }
        }
        return nil
    }

    func reportValue(_ key: String) -> ReportValue? {
        report.first { $0.key == key }?.value
    }

    var summary: Finding? {
        findings.first { $0.rule == PHIDetection.summaryRule }
    }
}
