#if canImport(Glibc)
    import Glibc
#endif
import Mail

/// The body of the current message: bytes in memory up to a limit, then a spool file.
///
/// Once the body would grow past `memoryLimit`, the bytes kept so far and every later
/// chunk go to a new mode-0600 file in the spool directory, written with `write(2)` so
/// the file is complete whenever `body` is read. `reset()` removes the file.
struct BodyBuffer: ~Copyable {
    private let memoryLimit: Int
    private let spoolDirectory: String
    private var memory: [UInt8] = []
    private var spool: (descriptor: Int32, path: String)?
    private(set) var size = 0

    init(memoryLimit: Int, spoolDirectory: String) {
        self.memoryLimit = memoryLimit
        self.spoolDirectory = spoolDirectory
    }

    deinit {
        if let spool {
            close(spool.descriptor)
            unlink(spool.path)
        }
    }

    /// The body received so far.
    var body: MessageBody {
        if let spool { return .file(path: spool.path, size: size) }
        return .memory(memory)
    }

    /// Appends one chunk, spilling to a file when the memory limit would be passed.
    mutating func append(_ chunk: UnsafeRawBufferPointer) throws(MilterError) {
        if spool == nil && size + chunk.count > memoryLimit {
            try spill()
        }
        if let spool {
            try BodyBuffer.writeAll(chunk, to: spool.descriptor, path: spool.path)
        } else {
            memory.append(contentsOf: chunk)
        }
        size += chunk.count
    }

    /// Forgets the body and removes its spool file.
    mutating func reset() {
        if let spool {
            close(spool.descriptor)
            unlink(spool.path)
        }
        spool = nil
        memory = []
        size = 0
    }

    private mutating func spill() throws(MilterError) {
        var template = Array((spoolDirectory + "/tlsguard-body.XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return Int32(-1) }
            return mkstemp(base)
        }
        let path = String(
            decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else {
            throw .spoolFailed(path: path, operation: "create", errno: errno)
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        spool = (descriptor, path)
        let failure = memory.withUnsafeBytes { bytes -> MilterError? in
            do throws(MilterError) {
                try BodyBuffer.writeAll(bytes, to: descriptor, path: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        memory = []
    }

    private static func writeAll(
        _ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String
    )
        throws(MilterError)
    {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw .spoolFailed(path: path, operation: "write", errno: errno)
            }
            offset += written
        }
    }
}
