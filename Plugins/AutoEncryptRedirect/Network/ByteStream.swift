/// A connected byte stream: plain TCP, or TLS on top of it.
protocol ByteStream: AnyObject {
    /// The peer, for error messages.
    var peerName: String { get }
    /// Reads at most `count` bytes; returns an empty array when the peer closed.
    func read(max count: Int, during step: String) throws(NetworkError) -> [UInt8]
    func write(_ bytes: [UInt8], during step: String) throws(NetworkError)
}

/// Reads CRLF- or LF-terminated lines from a stream, with a maximum line length.
final class LineReader {
    let stream: any ByteStream
    let maxLineLength: Int
    private var buffer: [UInt8] = []

    init(stream: any ByteStream, maxLineLength: Int = 4096) {
        self.stream = stream
        self.maxLineLength = maxLineLength
    }

    /// Returns the next line without its line ending.
    func line(during step: String) throws(NetworkError) -> [UInt8] {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if line.last == 0x0D { line.removeLast() }
                return line
            }
            guard buffer.count <= maxLineLength else {
                throw .limitExceeded(
                    host: stream.peerName, what: "a line longer than \(maxLineLength) bytes")
            }
            let chunk = try stream.read(max: 4096, during: step)
            guard !chunk.isEmpty else {
                throw .closed(host: stream.peerName, during: step)
            }
            buffer += chunk
        }
    }

    /// Returns the bytes that were read past the last line, and clears them. A STARTTLS
    /// client must find none: data the server sent before the handshake is an attack
    /// (CVE-2011-0411, command injection).
    func takeBuffered() -> [UInt8] {
        defer { buffer.removeAll() }
        return buffer
    }

    /// Reads until the peer closes or `limit` bytes arrived, after what `line` left.
    func readToEnd(limit: Int, during step: String) throws(NetworkError) -> [UInt8] {
        var bytes = takeBuffered()
        while bytes.count <= limit {
            let chunk = try stream.read(max: 16384, during: step)
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
        throw .limitExceeded(host: stream.peerName, what: "more than \(limit) bytes")
    }
}
