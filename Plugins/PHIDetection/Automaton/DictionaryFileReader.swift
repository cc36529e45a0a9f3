#if canImport(Glibc)
    import Glibc
#endif

/// Reads the dictionary files that administrators name in `phi_dictionary_files`.
enum DictionaryFileReader {
    /// The largest dictionary file accepted, so a wrong path such as a log file fails
    /// loudly instead of filling memory.
    static let maxSize = 64 << 20

    static func read(_ path: String) throws(PHIDetectionError) -> DictionarySource {
        guard let file = fopen(path, "rb") else {
            throw .unreadableDictionary(path: path, errno: errno)
        }
        defer { fclose(file) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maxSize else {
                throw .invalidDictionary(
                    source: path, line: 0,
                    reason: "file is larger than \(maxSize >> 20) MB; split it or check the path")
            }
        }
        guard ferror(file) == 0 else { throw .unreadableDictionary(path: path, errno: errno) }
        return DictionarySource(name: path, bytes: bytes)
    }
}
