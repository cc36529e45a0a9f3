import Glibc

/// Bytes of a message that the parser reads in chunks, and can read again for an
/// alternative reading.
enum ByteSource {
    case memory([UInt8])
    /// A file, read from `start` up to `start + size` (to its end when `size` is nil).
    case file(path: String, start: Int, size: Int?)

    static let chunkSize = 256 * 1024

    /// Calls `handle` with consecutive chunks of the bytes from `offset` (relative to the
    /// start of the source) up to `end` (nil for the end of the source).
    func forEachChunk(
        from offset: Int = 0, to end: Int? = nil, _ handle: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(MailError) {
        switch self {
        case .memory(let bytes):
            let stop = min(end ?? bytes.count, bytes.count)
            guard offset < stop else { return }
            bytes.withUnsafeBufferPointer { buffer in
                handle(UnsafeBufferPointer(rebasing: buffer[offset..<stop]))
            }
        case .file(let path, let start, let size):
            let limit = [end, size].compactMap { $0 }.min()
            try Self.readFile(path, from: start + offset, count: limit.map { $0 - offset }, handle)
        }
    }

    private static func readFile(
        _ path: String, from position: Int, count: Int?,
        _ handle: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(MailError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadableFile(path: path, errno: errno)
        }
        defer { close(descriptor) }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var offset = position
        var remaining = count ?? Int.max
        while remaining > 0 {
            let requested = min(chunkSize, remaining)
            let got = pread(descriptor, buffer, requested, off_t(offset))
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, errno: errno)
            }
            if got == 0 { break }
            handle(UnsafeBufferPointer(start: buffer, count: got))
            offset += got
            remaining -= got
        }
    }
}

/// Returns the text of an errno value, for error messages.
func errnoText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}
