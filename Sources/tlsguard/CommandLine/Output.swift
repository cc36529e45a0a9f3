import Glibc

/// Buffered writing to standard output or standard error by file descriptor, for command
/// output. Logging goes through `Logger`, never through this.
struct Output {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    static var standardOutput: Output { Output(descriptor: 1) }
    static var standardError: Output { Output(descriptor: 2) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 {
            flush()
        }
    }

    mutating func line(_ text: String = "") {
        write(text)
        write("\n")
    }

    mutating func flush() {
        buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// True when the descriptor is a terminal, for progress bars.
    var isTerminal: Bool {
        isatty(descriptor) == 1
    }
}
