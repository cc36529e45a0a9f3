import Testing

@testable import MilterKit

@Suite struct SocketSpecTests {
    @Test(arguments: [
        ("unix:/run/tlsguard/tlsguard.sock", "unix:/run/tlsguard/tlsguard.sock"),
        ("local:/tmp/m.sock", "unix:/tmp/m.sock"),
        ("inet:8893@127.0.0.1", "inet:8893@127.0.0.1"),
        ("inet6:8893@::1", "inet6:8893@::1"),
    ])
    func validSpecs(text: String, expected: String) throws {
        #expect(try SocketSpec(parsing: text).description == expected)
    }

    @Test(arguments: [
        "", "unix:relative.sock", "inet:8893", "inet:0@127.0.0.1", "inet:70000@127.0.0.1",
        "inet:port@host", "tcp:25@127.0.0.1", "inet:25@",
        "unix:/" + String(repeating: "a", count: 120),
    ])
    func invalidSpecs(text: String) {
        #expect(throws: MilterError.invalidSocketSpec(text)) { try SocketSpec(parsing: text) }
    }

    @Test func unixPathOnlyForUnixSockets() throws {
        #expect(try SocketSpec(parsing: "unix:/a/b.sock").unixPath == "/a/b.sock")
        #expect(try SocketSpec(parsing: "inet:1@localhost").unixPath == nil)
    }
}

@Suite struct SocketSpecReasonTests {
    @Test(arguments: [
        ("unix:relative.sock", "the path 'relative.sock' is relative"),
        ("unix:/" + String(repeating: "a", count: 120), "the path is 121 bytes long"),
        ("inet:99999@127.0.0.1", "the port 99999 is outside 1 to 65535"),
        ("inet:port@host", "the port 'port' is not a number"),
        ("inet:8893", "no '@HOST' after the port"),
        ("inet:25@", "no host after '@'"),
        ("tcp:25@127.0.0.1", "unknown type 'tcp'"),
        ("", "no type before ':'"),
    ])
    func errorNamesReason(text: String, reason: String) {
        let message = MilterError.invalidSocketSpec(text).description
        #expect(message.contains(reason), "\(message)")
    }

    @Test func longestUnixPathIsAccepted() throws {
        let path = "/" + String(repeating: "a", count: SocketSpec.maxUnixPathLength - 1)
        #expect(try SocketSpec(parsing: "unix:" + path).unixPath == path)
        #expect(SocketSpec.problem(in: "unix:" + path + "a") != nil)
    }
}
