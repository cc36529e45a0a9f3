import Logging
import Testing

@testable import MilterKit

@Suite struct MilterConfigurationTests {
    @Test func defaultsAreValid() throws {
        let configuration = MilterConfiguration()
        try configuration.validate()
        #expect(configuration.socket == .unix(path: "/run/tlsguard/tlsguard.sock"))
        #expect(configuration.tempfailReply.code == 451)
        #expect(configuration.macros[.helo]?.contains("{tls_version}") == true)
    }

    enum InvalidSetting: CaseIterable {
        case timeout, backlog, spool, headers, headerBytes, mode, progress, progressLimit, macro
        case tempfail

        func apply(to configuration: inout MilterConfiguration) {
            switch self {
            case .timeout: configuration.timeoutSeconds = 0
            case .backlog: configuration.backlog = 0
            case .spool: configuration.spoolDirectory = "relative"
            case .headers: configuration.maxHeaderCount = 0
            case .headerBytes: configuration.maxHeaderBytes = 10
            case .mode: configuration.unixSocketMode = 0o1777
            case .progress: configuration.progressInterval = .milliseconds(1)
            case .progressLimit: configuration.maxProgressDuration = .seconds(1)
            case .macro: configuration.macros[.helo] = ["{bad"]
            case .tempfail: configuration.tempfailReply = MilterReply(.constant(550, "5.7.1", "no"))
            }
        }
    }

    @Test(arguments: InvalidSetting.allCases)
    func invalidValuesAreRejected(setting: InvalidSetting) {
        var configuration = MilterConfiguration()
        setting.apply(to: &configuration)
        #expect(throws: MilterError.self, "\(setting)") { try configuration.validate() }
    }

    @Test func longUnixSocketPathIsRejected() throws {
        var configuration = MilterConfiguration()
        let directory = "/" + String(repeating: "d", count: 87)
        configuration.socket = .unix(path: directory + "/milt.sock")
        try configuration.validate()

        configuration.socket = .unix(path: directory + "/milter.sock")
        #expect(
            throws: MilterError.invalidConfiguration(
                key: "milter_socket", value: directory + "/milter.sock",
                allowed: "a unix socket path of at most 98 bytes")
        ) { try configuration.validate() }
    }

    @Test func macroNamesAreCollectedOnce() {
        let names = MilterConfiguration().allMacroNames
        #expect(names.count == Set(names).count)
        #expect(names.contains("i"))
        #expect(names.contains("{cert_issuer}"))
    }
}

@Suite struct MilterSessionTests {
    struct NoHandler: MilterHandler {}

    func makeSession(maxHeaders: Int = 3, maxBytes: Int = 1024) -> MilterSession {
        var configuration = MilterConfiguration()
        configuration.maxHeaderCount = maxHeaders
        configuration.maxHeaderBytes = maxBytes
        configuration.spoolDirectory = "/tmp"
        return MilterSession(
            connectionID: 1, handler: NoHandler(), configuration: configuration,
            logger: Logger(label: "test", handler: NullLogHandler()))
    }

    @Test func headerCountLimitStopsStoring() {
        let session = makeSession(maxHeaders: 2)
        for index in 0..<4 { session.appendHeader(name: "X", value: Array("\(index)".utf8)) }
        #expect(session.headers.count == 2)
        #expect(
            session.headerLimitError
                == .headerLimitExceeded(limit: "field count", value: 3, maximum: 2))
    }

    @Test func headerByteLimitStopsStoring() {
        let session = makeSession(maxHeaders: 100, maxBytes: 1024)
        session.appendHeader(name: "X", value: [UInt8](repeating: 0x61, count: 1000))
        session.appendHeader(name: "Y", value: [UInt8](repeating: 0x61, count: 100))
        #expect(session.headers.count == 1)
        #expect(session.headerBytes == 1001)
        #expect(session.headerLimitError != nil)
    }

    @Test func resetKeepsConnectionFacts() {
        let session = makeSession()
        session.saveMacro("{tls_version}", value: "TLSv1.3", stage: .helo)
        session.saveMacro("i", value: "4ABC", stage: .envelopeRecipient)
        session.appendHeader(name: "Subject", value: Array("x".utf8))
        #expect(session.queueID == "4ABC")
        session.resetMessage()
        #expect(session.queueID == nil)
        #expect(session.headers.isEmpty)
        #expect(session.macros == ["tls_version": "TLSv1.3"])
        #expect(session.tls?.version == "TLSv1.3")
        #expect(session.connectionInfo.tls?.version == "TLSv1.3")
    }

    @Test(arguments: [("{tls_version}", "tls_version"), ("i", "i"), ("{}", "{}"), ("{i", "{i")])
    func macroKeys(name: String, key: String) {
        #expect(MilterSession.macroKey(name) == key)
    }
}
