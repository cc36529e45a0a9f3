import Engine
import Testing

@Suite struct ConfigFileTests {
    @Test func keyValueLinesAndComments() throws {
        let file = try ConfigFile(
            path: "t.conf",
            text: """
                # a comment
                log_level = debug

                  # an indented comment
                milter_socket=unix:/tmp/x.sock
                """)
        #expect(file.entries.map(\.key) == ["log_level", "milter_socket"])
        #expect(file.last("log_level")?.value == "debug")
        #expect(file.last("log_level")?.line == 2)
        #expect(file.last("milter_socket")?.value == "unix:/tmp/x.sock")
    }

    @Test func continuationLinesJoinWithSpace() throws {
        let file = try ConfigFile(
            path: "t.conf",
            text: "plugins = tls_requirement,\n    phi_detection\n\tauto_encrypt_redirect\n")
        #expect(file.last("plugins")?.value == "tls_requirement, phi_detection auto_encrypt_redirect")
        #expect(file.last("plugins")?.line == 1)
    }

    @Test func laterLineOverridesEarlier() throws {
        let file = try ConfigFile(path: "t.conf", text: "log_level = info\nlog_level = error\n")
        #expect(file.last("log_level")?.value == "error")
        #expect(file.last("log_level")?.line == 2)
    }

    @Test func crlfLineEndsAccepted() throws {
        let file = try ConfigFile(path: "t.conf", text: "log_level = info\r\n")
        #expect(file.last("log_level")?.value == "info")
    }

    @Test(arguments: [
        ("log_level debug\n", 1, "missing '='"),
        ("\n  orphan = 1\n", 2, "continuation line"),
        ("Log_Level = info\n", 1, "invalid key name"),
        ("= info\n", 1, "invalid key name"),
    ])
    func malformedLinesNameTheLine(text: String, line: Int, fragment: String) {
        do {
            _ = try ConfigFile(path: "t.conf", text: text)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.hasPrefix("t.conf:\(line): "))
            #expect(error.message.contains(fragment))
        }
    }
}
