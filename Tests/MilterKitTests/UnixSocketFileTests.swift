import Foundation
import Testing

@testable import MilterKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite final class UnixSocketFileTests {
    let directory: String

    init() throws {
        directory = "/tmp/tlsguard-socketfile-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: false)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Binds a unix socket at `path` and, with `listening`, listens on it. Returns the
    /// descriptor; the caller closes it.
    func bindSocket(_ path: String, listening: Bool) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        try #require(bound, "bind \(path): errno \(errno)")
        if listening { try #require(listen(descriptor, 1) == 0) }
        return descriptor
    }

    @Test func missingPathIsAvailable() throws {
        try UnixSocketFile.checkAvailable(directory + "/missing.sock")
    }

    @Test func socketWithoutListenerIsAvailable() throws {
        let path = directory + "/stale.sock"
        close(try bindSocket(path, listening: false))
        try UnixSocketFile.checkAvailable(path)
    }

    @Test func listeningSocketIsInUse() throws {
        let path = directory + "/live.sock"
        let descriptor = try bindSocket(path, listening: true)
        defer { close(descriptor) }
        #expect(throws: MilterError.socketInUse(path: path)) {
            try UnixSocketFile.checkAvailable(path)
        }
    }

    @Test func regularFileIsUnusable() throws {
        let path = directory + "/file.sock"
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(
            throws: MilterError.socketFileUnusable(
                path: path, reason: "it exists and is not a socket")
        ) { try UnixSocketFile.checkAvailable(path) }
    }

    @Test func installReplacesStaleSocket() throws {
        let path = directory + "/milter.sock"
        close(try bindSocket(path, listening: false))
        let temporary = UnixSocketFile.temporaryPath(for: path)
        let descriptor = try bindSocket(temporary, listening: true)
        defer { close(descriptor) }

        let installed = try UnixSocketFile.install(temporaryPath: temporary, at: path)
        var status = stat()
        #expect(lstat(path, &status) == 0)
        #expect(UInt64(status.st_ino) == installed.inode)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(installed.removeIfUnchanged())
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func replacedFileIsNotRemoved() throws {
        let path = directory + "/milter.sock"
        let temporary = UnixSocketFile.temporaryPath(for: path)
        let ours = try bindSocket(temporary, listening: true)
        defer { close(ours) }
        let installed = try UnixSocketFile.install(temporaryPath: temporary, at: path)
        unlink(path)
        let theirs = try bindSocket(path, listening: true)
        defer { close(theirs) }

        #expect(!installed.removeIfUnchanged())
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: MilterError.socketInUse(path: path)) {
            try UnixSocketFile.checkAvailable(path)
        }
    }

    @Test func failedInstallRemovesTemporaryFile() throws {
        let path = directory + "/no-such-directory/milter.sock"
        let temporary = directory + "/milter.sock.tmp"
        close(try bindSocket(temporary, listening: false))
        #expect(throws: MilterError.self) {
            try UnixSocketFile.install(temporaryPath: temporary, at: path)
        }
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }
}
