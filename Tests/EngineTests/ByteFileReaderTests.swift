import Foundation
import Glibc
import Testing

@testable import Engine

@Suite struct ByteFileReaderTests {
    /// Writes `bytes` into a pipe in pieces of `piece` bytes from another thread and
    /// returns the path of the pipe's read end, so that each read returns a small part.
    func pipePath(writing bytes: [UInt8], piece: Int) throws -> (path: String, close: () -> Void) {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let writeEnd = ends[1]
        let thread = Thread {
            var offset = 0
            while offset < bytes.count {
                let count = min(piece, bytes.count - offset)
                let written = bytes[offset..<offset + count].withUnsafeBytes {
                    write(writeEnd, $0.baseAddress, count)
                }
                if written <= 0 { break }
                offset += written
            }
            close(writeEnd)
        }
        thread.start()
        let readEnd = ends[0]
        return ("/dev/fd/\(readEnd)", { close(readEnd) })
    }

    @Test func longLineFromSmallReadsIsWhole() throws {
        let long = [UInt8](repeating: 0x61, count: 300_000) + [0x0A]
        let input = Array("first\n".utf8) + long + Array("last".utf8)
        let source = try pipePath(writing: input, piece: 4_096)
        defer { source.close() }

        let reader = try ByteFileReader(path: source.path)
        #expect(try reader.nextLine().map(Array.init) == Array("first\n".utf8))
        #expect(try reader.nextLine().map(Array.init) == long)
        #expect(try reader.nextLine().map(Array.init) == Array("last".utf8))
        #expect(try reader.nextLine() == nil)
    }

    @Test func readAllAfterLineKeepsEveryByte() throws {
        let input = Array("Subject: x\n\n".utf8) + [UInt8](repeating: 0x62, count: 2_500_000)
        let source = try pipePath(writing: input, piece: 65_536)
        defer { source.close() }

        let reader = try ByteFileReader(path: source.path)
        let first = try #require(try reader.nextLine())
        let rest = try reader.readAll()
        #expect(Array(first) + rest == input)
    }
}
