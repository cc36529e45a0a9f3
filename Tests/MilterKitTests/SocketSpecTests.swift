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
