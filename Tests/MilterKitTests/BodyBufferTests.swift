import Glibc
import Mail
import Testing

@testable import MilterKit

@Suite struct BodyBufferTests {
    func temporaryDirectory() -> String {
        var template = Array("/tmp/tlsguard-body-test.XXXXXX".utf8CString)
        _ = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) }
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func append(_ text: String, to buffer: inout BodyBuffer) throws {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { try buffer.append($0) }
    }

    @Test func smallBodyStaysInMemory() throws {
        var buffer = BodyBuffer(memoryLimit: 100, spoolDirectory: temporaryDirectory())
        try append("hello ", to: &buffer)
        try append("world", to: &buffer)
        #expect(buffer.body == .memory(Array("hello world".utf8)))
        #expect(buffer.size == 11)
    }

    @Test func largeBodySpillsAndResetRemovesFile() throws {
        let directory = temporaryDirectory()
        var buffer = BodyBuffer(memoryLimit: 8, spoolDirectory: directory)
        try append("12345", to: &buffer)
        try append("67890", to: &buffer)
        try append("abc", to: &buffer)
        guard case .file(let path, let size) = buffer.body else {
            Issue.record("expected a spool file, got \(buffer.body)")
            return
        }
        #expect(size == 13)
        #expect(path.hasPrefix(directory + "/tlsguard-body."))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(info.st_size == 13)
        buffer.reset()
        #expect(access(path, F_OK) != 0, "file removed")
        #expect(buffer.body == .memory([]))
    }

    @Test func missingSpoolDirectoryIsATypedError() throws {
        var buffer = BodyBuffer(memoryLimit: 0, spoolDirectory: "/nonexistent/tlsguard")
        #expect(throws: MilterError.self) { try append("x", to: &buffer) }
    }
}
