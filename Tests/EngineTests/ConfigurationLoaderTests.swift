import Engine
import Glibc
import PluginAPI
import Testing

@Suite struct ConfigurationLoaderTests {
    let tagger = PluginDescriptor(
        name: "tagger", summary: "test",
        configKeys: [
            ConfigKey("tagger_text", .string, default: "[T]", "the tag"),
            ConfigKey("tagger_limit", .integer(1...10), default: "3", "a limit"),
        ],
        make: { _ in FixedPlugin(stage: .connect, result: .continue) })
    let other = PluginDescriptor(
        name: "other", summary: "test",
        configKeys: [ConfigKey("other_flag", .boolean, default: "no", "a flag")],
        make: { _ in FixedPlugin(stage: .connect, result: .continue) })

    func load(_ text: String) throws -> EngineConfiguration {
        let loader = ConfigurationLoader(builtins: [tagger, other])
        return try loader.load(file: ConfigFile(path: "t.conf", text: text))
    }

    func errors(_ text: String) -> [ConfigFileError] {
        do {
            _ = try load(text)
            return []
        } catch let error as ConfigurationErrors {
            return error.errors
        } catch {
            return [ConfigFileError(path: "", line: nil, key: nil, message: "\(error)")]
        }
    }

    @Test func defaultsApplyWithoutFile() throws {
        let loader = ConfigurationLoader(builtins: [tagger])
        let missing = ConfigurationErrors.self
        do {
            _ = try loader.load(file: nil)
            Issue.record("default plugins are not built in here, so loading must fail")
        } catch {
            #expect(type(of: error) == missing)
            #expect(error.description.contains("unknown plugin 'tls_requirement'"))
        }
    }

    @Test func pluginValuesReachPluginConfiguration() throws {
        let configuration = try load("plugins = tagger\ntagger_text = [PHI]\n")
        let setup = try #require(configuration.plugins.first)
        #expect(setup.name == "tagger")
        #expect(try setup.configuration.string("tagger_text") == "[PHI]")
        #expect(try setup.configuration.integer("tagger_limit") == 3)
        #expect(setup.failurePolicy == .tempfail)
    }

    @Test func failurePolicyAndTimeLimitKeys() throws {
        let configuration = try load(
            "plugins = tagger\ntagger_on_error = continue\ntagger_time_limit = 250ms\n")
        let setup = try #require(configuration.plugins.first)
        #expect(setup.failurePolicy == .continue)
        #expect(setup.timeLimit == .milliseconds(250))
    }

    @Test func unknownKeySuggestsClosest() {
        let found = errors("plugins = tagger\ntager_text = x\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.key == "tager_text")
        #expect(found.first?.message.contains("did you mean 'tagger_text'") == true)
    }

    @Test func invalidValueNamesAllowedRange() {
        let found = errors("plugins = tagger\ntagger_limit = 42\n")
        #expect(found.first?.description
            == "t.conf:2: tagger_limit: invalid value '42'; expected an integer from 1 to 10")
    }

    @Test func everyErrorIsReported() {
        let found = errors("plugins = tagger\ntagger_limit = 0\nlog_level = loud\nbogus = 1\n")
        #expect(found.map(\.line) == [2, 3, 4])
    }

    @Test func unknownPluginListsAvailable() {
        let found = errors("plugins = tagger, nosuch\n")
        #expect(found.first?.key == "plugins")
        #expect(found.first?.line == 1)
        #expect(found.first?.message == "unknown plugin 'nosuch'; available plugins: tagger, other")
    }

    @Test func keySetTwiceWarnsAndLaterLineWins() throws {
        let configuration = try load(
            "plugins = tagger\ntagger_text = A\n# note\ntagger_text = B\ntagger_text = C\n")
        let lines = configuration.warnings.map { "\($0.line ?? 0) \($0.message)" }
        #expect(
            lines == [
                "4 set again; this line overrides line 2. Keep one line per key",
                "5 set again; this line overrides line 4. Keep one line per key",
            ])
        #expect(configuration.warnings.allSatisfy { $0.key == "tagger_text" })
        let setup = try #require(configuration.plugins.first)
        #expect(try setup.configuration.string("tagger_text") == "C")
    }

    @Test func keyOfDisabledPluginWarns() throws {
        let configuration = try load("plugins = tagger\nother_flag = yes\n")
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.key == "other_flag")
        #expect(configuration.warnings.first?.line == 2)
    }

    @Test func missingPluginLibraryNamesFile() {
        let found = errors("plugins = tagger\nplugin_paths = /nonexistent/plugin.so\n")
        #expect(found.first?.key == "plugin_paths")
        #expect(found.first?.message.contains("/nonexistent/plugin.so: file not found") == true)
    }

    @Test func orderConstraintsReorderPlugins() throws {
        let first = TestPlugins.fixed("first", at: .connect, .continue, runsAfter: ["second"])
        let second = TestPlugins.fixed("second", at: .connect, .continue)
        let third = TestPlugins.fixed("third", at: .connect, .continue, runsBefore: ["second"])
        let loader = ConfigurationLoader(builtins: [first, second, third])
        let configuration = try loader.load(
            file: ConfigFile(path: "t.conf", text: "plugins = first, second, third\n"))
        #expect(configuration.plugins.map(\.name) == ["third", "second", "first"])
    }

    @Test func orderCycleIsAnError() throws {
        let first = TestPlugins.fixed("first", at: .connect, .continue, runsAfter: ["second"])
        let second = TestPlugins.fixed("second", at: .connect, .continue, runsAfter: ["first"])
        let loader = ConfigurationLoader(builtins: [first, second])
        #expect(throws: ConfigurationErrors.self) {
            try loader.load(file: ConfigFile(path: "t.conf", text: "plugins = first, second\n"))
        }
    }

    @Test func missingExplicitFileIsAnError() {
        let loader = ConfigurationLoader(builtins: [])
        do {
            _ = try loader.load(path: "/nonexistent/tlsguard.conf")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent/tlsguard.conf: file not found"))
        }
    }

    func loadError(path: String) -> String {
        do {
            _ = try ConfigurationLoader(builtins: []).load(path: path)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func directoryAsFileNamesReason() {
        let message = loadError(path: "/tmp")
        #expect(message.contains("/tmp: is a directory, not a configuration file"), "\(message)")
    }

    @Test func symbolicLinkLoopNamesReason() throws {
        let path = "/tmp/tlsguard-loop-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).conf"
        guard symlink(path, path) == 0 else { throw ConfigFileError(
            path: path, line: nil, key: nil, message: "symlink failed") }
        defer { unlink(path) }
        let message = loadError(path: path)
        #expect(message.contains("too many levels of symbolic links"), "\(message)")
        #expect(!message.contains("file not found"))
    }

    @Test func errorReplyHintAsksForTempfail() {
        let found = errors("plugins = tagger\nerror_reply = 451 hello\n")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.message.contains("expected a 4xx reply") == true)
        #expect(found.first?.message.contains("'451 4.3.0") == true)
    }
}

