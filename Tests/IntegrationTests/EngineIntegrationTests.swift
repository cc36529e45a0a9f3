import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The rule engine inside `tlsguard milter` and a real Postfix: replay agrees with the
/// milter, a plugin loaded from a shared library changes delivered mail, and SIGHUP
/// reloads the configuration.
@Suite(.serialized, .enabled(if: TestEnvironment.canRunPostfix))
struct EngineIntegrationTests {
    static let pluginPath = TestEnvironment.productsDirectory
        .appendingPathComponent("libExampleSubjectTag.so").path

    static func tagConfiguration(tag: String) -> String {
        """
        plugins = tls_requirement, subject_tag
        plugin_paths = \(pluginPath)
        subject_tag_keywords = results
        subject_tag_text = \(tag)

        """
    }

    let message = TestMessage.make(headers: [
        "From: bob@example.com", "To: carol@example.org", "Subject: Lab results",
        "Message-ID: <engine-test@example.com>",
    ])

    @Test func examplePluginTagsDeliveredMessage() throws {
        let fixture = try PostfixFixture(
            .tlsguard, configuration: Self.tagConfiguration(tag: "[TAGGED]"))
        let replies = try fixture.send(message: message, tls: true)
        #expect(PostfixFixture.finalReply(replies)?.code == 250)
        let delivered = fixture.postfix.waitForDelivery(count: 1)
        let headers = try #require(delivered.first)
        #expect(headers.headers("Subject") == ["Subject: [TAGGED] Lab results"])
        #expect(headers.headers("X-TLSGuard-Subject-Tag") == ["X-TLSGuard-Subject-Tag: keyword=1"])
    }

    @Test func replayShowsWhatMilterDid() throws {
        let fixture = try PostfixFixture(
            .tlsguard, configuration: Self.tagConfiguration(tag: "[TAGGED]"))
        _ = try fixture.send(message: message, tls: true)
        _ = try fixture.send(message: message, tls: false)
        let delivered = fixture.postfix.waitForDelivery(count: 2)
        try #require(delivered.count == 2)
        let records = try auditRecords(fixture.milter.auditLogPath)
        try #require(records.count == 2)

        for record in records {
            let replayed = try replay(record, config: fixture.milter.configPath)
            #expect(replayed["verdict"] as? String == record["verdict"] as? String)
            let milterHeaders = record["headers_added"] as? [[String]]
            let replayHeaders = replayed["headers_added"] as? [[String]]
            #expect(milterHeaders != nil)
            #expect(milterHeaders == replayHeaders)
            #expect(
                (record["headers_changed"] as? [[Any]])?.count
                    == (replayed["headers_changed"] as? [[Any]])?.count)
            #expect(replayed["derived"] as? [String] == [])
        }
    }

    @Test func sighupReloadKeepsOldOnErrorAndAppliesGood() throws {
        let fixture = try PostfixFixture(
            .tlsguard, configuration: Self.tagConfiguration(tag: "[FIRST]"))
        let pid = try #require(fixture.milter.child?.pid)
        let base = try String(contentsOfFile: fixture.milter.configPath, encoding: .utf8)

        try (base + "no_such_key = 1\n").write(
            toFile: fixture.milter.configPath, atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        #expect(TestEnvironment.waitUntil(seconds: 10) {
            fixture.milter.log.contains("reload rejected")
        })
        _ = try fixture.send(message: message)
        #expect(fixture.postfix.waitForDelivery(count: 1).first?.headers("Subject")
            == ["Subject: [FIRST] Lab results"])

        try base.replacingOccurrences(of: "[FIRST]", with: "[SECOND]").write(
            toFile: fixture.milter.configPath, atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        #expect(TestEnvironment.waitUntil(seconds: 10) {
            fixture.milter.log.contains("configuration reloaded")
        })
        _ = try fixture.send(message: message)
        let subjects = fixture.postfix.waitForDelivery(count: 2).flatMap { $0.headers("Subject") }
        #expect(subjects.contains("Subject: [SECOND] Lab results"))
        #expect(fixture.milter.child?.isRunning == true)
    }

    private func auditRecords(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// Replays the test message with the connection facts the milter recorded.
    private func replay(_ record: [String: Any], config: String) throws -> [String: Any] {
        var arguments = [
            "replay", "--config", config, "--json", "--no-summary",
            "--from", "bob@example.com", "--rcpt", "carol@example.org",
            "--client-addr", record["client_addr"] as? String ?? "127.0.0.1",
            "--helo", "client.example",
        ]
        if let name = record["client_name"] as? String {
            arguments += ["--client-name", name]
        }
        if let tls = record["tls"] as? [String: Any] {
            if let version = tls["version"] as? String { arguments += ["--tls-version", version] }
            if let cipher = tls["cipher"] as? String { arguments += ["--cipher", cipher] }
            if let bits = tls["bits"] as? Int { arguments += ["--cipher-bits", String(bits)] }
        } else {
            arguments.append("--no-tls")
        }
        arguments.append("-")
        let result = try runCommand(
            TestEnvironment.executable("tlsguard"), arguments, input: Data(message))
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").first)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

/// `tlsguard check-config` on plugin libraries that must not load.
@Suite struct PluginLoadingCommandTests {
    @Test func wrongVersionPluginStopsCheck() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("wrongversion")
        let config = directory.appendingPathComponent("tlsguard.conf").path
        let library = TestEnvironment.productsDirectory
            .appendingPathComponent("libWrongVersionPlugin.so").path
        try "plugins = tls_requirement\nplugin_paths = \(library)\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let result = try runCommand(
            TestEnvironment.executable("tlsguard"), ["check-config", "--config", config])
        #expect(result.status == 78)
        #expect(result.output.contains("\(config):2: plugin_paths: plugin \(library): built for plugin API version"))
        #expect(result.output.contains("rebuild the plugin"))
    }

    @Test func missingPluginFileStopsCheck() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("missingplugin")
        let config = directory.appendingPathComponent("tlsguard.conf").path
        try "plugins = tls_requirement\nplugin_paths = /nonexistent/libX.so\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let result = try runCommand(
            TestEnvironment.executable("tlsguard"), ["check-config", "--config", config])
        #expect(result.status == 78)
        #expect(result.output.contains("/nonexistent/libX.so: file not found"))
    }
}

/// PHI detection inside `tlsguard milter` and Postfix, without the auto-encrypt plugin, so
/// the message is delivered and its headers can be read.
@Suite(.serialized, .enabled(if: TestEnvironment.canRunPostfix))
struct PHIDeliveryTests {
    @Test func phiMessageDeliveredWithPHIHeader() throws {
        let fixture = try PostfixFixture(
            .tlsguard, configuration: "plugins = tls_requirement, phi_detection\n")
        let message = TestMessage.make(
            headers: ["From: lab@example.com", "To: dr@example.org", "Subject: Lab results"],
            body: "Patient: Alice Example, DOB 03/14/1961, SSN 372-81-4096.\r\n"
                + "Diagnosis: type 2 diabetes mellitus (E11.9).\r\n")
        let replies = try fixture.send(from: "<lab@example.com>", to: ["<dr@example.org>"], message: message, tls: true)
        #expect(PostfixFixture.finalReply(replies)?.code == 250)
        let delivered = try #require(fixture.postfix.waitForDelivery(count: 1).first)
        let header = try #require(delivered.headers("X-TLSGuard-PHI").first)
        #expect(header.hasPrefix("X-TLSGuard-PHI: yes detectors="))
        #expect(header.contains("ssn"))
        #expect(!header.contains("372-81-4096"))
        #expect(!fixture.milter.log.contains("372-81-4096"))
    }
}
