import Glibc

/// Whole-file reads of small files: configuration, policy tables, caches, test messages.
/// Large message bodies are streamed by the Mail module instead.
public enum FileContents {
    /// Returns the bytes of the file at `path`, or throws the `strerror` text.
    public static func read(_ path: String) throws(FileReadError) -> [UInt8] {
        guard let stream = fopen(path, "rb") else {
            throw FileReadError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(stream) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, stream)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard ferror(stream) == 0 else {
            throw FileReadError(path: path, reason: String(cString: strerror(errno)))
        }
        return bytes
    }
}

/// A file that could not be read.
public struct FileReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "cannot read \(path): \(reason)"
    }
}
