import Glibc

/// Whole-file reads for the policy table, the cache file and spooled message bodies.
enum FileBytes {
    /// Returns the bytes of the file at `path`, or throws the `strerror` text.
    static func read(_ path: String) throws(FileReadError) -> [UInt8] {
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
            throw FileReadError(path: path, reason: "read error")
        }
        return bytes
    }
}

/// A file that could not be read.
struct FileReadError: Error, Sendable, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String {
        "cannot read \(path): \(reason)"
    }
}
