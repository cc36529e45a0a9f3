import Glibc

/// Reads a file or standard input in chunks, line by line, without loading it whole.
final class ByteFileReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    /// The bytes of one read, so that only what arrived is appended to `buffer`.
    private var chunk = [UInt8](repeating: 0, count: ByteFileReader.chunkSize)
    private var position = 0
    /// The index up to which `buffer` contains no LF after `position`. A long line that
    /// arrives in many small reads (a pipe gives 64 KiB at a time) is then searched once.
    private var searchedUpTo = 0
    private var reachedEnd = false
    private static let chunkSize = 1 << 20

    /// Opens `path`, or standard input for `-`.
    init(path: String) throws(ReplayInputError) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            return
        }
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        descriptor = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor {
            close(descriptor)
        }
    }

    /// Returns the next line including its LF, or nil at the end of the file.
    func nextLine() throws(ReplayInputError) -> ArraySlice<UInt8>? {
        while true {
            let searchStart = max(position, searchedUpTo)
            if let newline = buffer[searchStart...].firstIndex(of: 0x0A) {
                let line = buffer[position...newline]
                position = newline + 1
                searchedUpTo = position
                return line
            }
            searchedUpTo = buffer.count
            if reachedEnd {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                return line
            }
            try fill()
        }
    }

    /// Reads everything that is left.
    func readAll() throws(ReplayInputError) -> [UInt8] {
        while !reachedEnd {
            try fill()
        }
        let rest = Array(buffer[position...])
        position = buffer.count
        return rest
    }

    private func fill() throws(ReplayInputError) {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeFirst(position)
            searchedUpTo -= position
            position = 0
        }
        let count = chunk.withUnsafeMutableBytes { bytes in
            read(descriptor, bytes.baseAddress, ByteFileReader.chunkSize)
        }
        guard count >= 0 else {
            if errno == EINTR { return }
            throw .unreadable(path: "(input)", reason: String(cString: strerror(errno)))
        }
        buffer.append(contentsOf: chunk[0..<count])
        if count == 0 {
            reachedEnd = true
        }
    }
}

/// An input that `tlsguard replay` could not read.
public enum ReplayInputError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notFound(path: String)
    case empty(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot be read: \(reason)"
        case .notFound(let path): "\(path): no such file or directory"
        case .empty(let path): "\(path): empty file, no message in it"
        }
    }
}
