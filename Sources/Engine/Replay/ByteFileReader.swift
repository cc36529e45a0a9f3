import Glibc

/// Reads a file or standard input in chunks, line by line, without loading it whole.
final class ByteFileReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var position = 0
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
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = buffer[position...newline]
                position = newline + 1
                return line
            }
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
            position = 0
        }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: ByteFileReader.chunkSize))
        let count = buffer.withUnsafeMutableBytes { bytes in
            read(descriptor, bytes.baseAddress.map { $0 + start }, ByteFileReader.chunkSize)
        }
        guard count >= 0 else {
            buffer.removeLast(ByteFileReader.chunkSize)
            if errno == EINTR { return }
            throw .unreadable(path: "(input)", reason: String(cString: strerror(errno)))
        }
        buffer.removeLast(ByteFileReader.chunkSize - count)
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
