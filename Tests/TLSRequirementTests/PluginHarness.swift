import Logging
import Mail
import PluginAPI
import TLSRequirement
import Testing

/// Builds TLS requirement plugins and stage contexts for unit tests.
enum PluginHarness {
    static func plugin(_ overrides: [String: String] = [:]) throws -> TLSRequirementPlugin {
        let configuration = try PluginConfiguration(
            descriptor: tlsRequirementDescriptor, overrides: overrides)
        return TLSRequirementPlugin(
            settings: try TLSRequirementSettings(configuration: configuration))
    }

    static let logHandler = MemoryLogHandler()

    static func connection(
        address: String? = "192.0.2.66", hostname: String? = "mail.example.com",
        helo: String? = "mail.example.com", tls: TLSFacts? = nil, daemon: String? = nil,
        local: Bool = false
    ) -> ConnectionInfo {
        let clientAddress: ClientAddress =
            address.map { $0.contains(":") ? .ipv6($0, port: 50000) : .ipv4($0, port: 50000) }
            ?? .none
        return ConnectionInfo(
            clientHostname: hostname, clientAddress: clientAddress, helo: helo, tls: tls,
            daemonName: daemon, mtaHostname: "mx1.example.net", isLocalSubmission: local)
    }

    static let tls13 = TLSFacts(
        version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", cipherBits: 256)
    static let tls12 = TLSFacts(
        version: "TLSv1.2", cipher: "ECDHE-RSA-AES256-GCM-SHA384", cipherBits: 256)

    static func stage(
        _ connection: ConnectionInfo, sender: String = "<bob@example.com>",
        recipients: [String] = ["<carol@example.org>"], headers: [HeaderField] = []
    ) -> StageContext {
        StageContext(
            queueID: "4QWTEST", connection: connection,
            envelope: Envelope(
                sender: EnvelopeAddress(raw: sender),
                recipients: recipients.map { EnvelopeAddress(raw: $0) }),
            headers: headers, findings: [],
            logger: Logger(label: "tls_requirement", handler: logHandler, minimumLevel: .debug))
    }

    static func message(
        _ connection: ConnectionInfo, recipients: [String] = ["<carol@example.org>"],
        headers: [HeaderField]
    ) -> MessageContext {
        MessageContext(
            stage: stage(connection, recipients: recipients, headers: headers),
            message: ParsedMessage(headers: headers, parts: [], textViews: [], problems: []),
            body: .memory([]))
    }

    /// Returns the header fields of a fixture message.
    static func headers(ofMessage path: String) -> [HeaderField] {
        guard let data = TLSFixtures.data(path) else { return [] }
        return HeaderBlock.split(Array(data)).fields
    }

    /// Returns the values of the header fields the result adds under `name`.
    static func addedHeaders(_ result: StageResult, _ name: String) -> [String] {
        result.actions.compactMap { action in
            guard case .addHeader(let field, let value) = action, field == name else { return nil }
            return value
        }
    }

    static func finding(_ result: StageResult, _ rule: String) -> Finding? {
        result.findings.first { $0.rule == rule }
    }
}
