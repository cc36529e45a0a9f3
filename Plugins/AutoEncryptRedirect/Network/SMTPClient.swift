/// One SMTP reply: the code and the text of each line.
struct SMTPResponse: Sendable, Equatable {
    var code: Int
    var lines: [String]

    /// The reply in one line for logs and errors, such as `250 mx.example.org`.
    var summary: String {
        "\(code) " + (lines.first ?? "")
    }
}

/// The client side of an SMTP dialogue over a byte stream that can be swapped for TLS
/// after STARTTLS. Used by the probe and the reinjection client.
final class SMTPClient {
    private(set) var stream: any ByteStream
    private var reader: LineReader
    /// Maximum number of lines in one reply; a peer that sends more is cut off.
    static let maxReplyLines = 200

    init(stream: any ByteStream) {
        self.stream = stream
        reader = LineReader(stream: stream)
    }

    /// Reads one reply, joining the lines of a multi-line reply (`250-…`, `250 …`).
    func response(during step: String) throws(NetworkError) -> SMTPResponse {
        var lines: [String] = []
        while lines.count < SMTPClient.maxReplyLines {
            let line = try reader.line(during: step)
            guard line.count >= 3, let code = Int(String(decoding: line[0..<3], as: UTF8.self))
            else {
                throw .unexpectedReply(
                    host: stream.peerName, command: step,
                    reply: String(decoding: line.prefix(80), as: UTF8.self))
            }
            lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
            if line.count == 3 || line[3] != 0x2D {
                return SMTPResponse(code: code, lines: lines)
            }
        }
        throw .limitExceeded(host: stream.peerName, what: "a reply of more than 200 lines")
    }

    /// Sends `command` with CRLF and returns the reply.
    func send(_ command: String, during step: String) throws(NetworkError) -> SMTPResponse {
        try stream.write(Array((command + "\r\n").utf8), during: step)
        return try response(during: step)
    }

    /// Sends `command` and throws unless the reply code is in `expected`.
    @discardableResult
    func send(_ command: String, expecting expected: ClosedRange<Int>) throws(NetworkError)
        -> SMTPResponse
    {
        let step = String(command.prefix { $0 != " " && $0 != ":" })
        let reply = try send(command, during: step)
        guard expected.contains(reply.code) else {
            throw .unexpectedReply(host: stream.peerName, command: step, reply: reply.summary)
        }
        return reply
    }

    /// Sends raw bytes, such as a message body, without waiting for a reply.
    func write(_ bytes: [UInt8], during step: String) throws(NetworkError) {
        try stream.write(bytes, during: step)
    }

    /// Switches to `upgraded` after a 220 reply to STARTTLS. Throws when the server sent
    /// anything after that reply and before the handshake, because such bytes would be
    /// read as if they had arrived over TLS (the STARTTLS command injection flaw).
    func upgrade(with makeStream: (any ByteStream) throws(NetworkError) -> any ByteStream)
        throws(NetworkError)
    {
        guard reader.takeBuffered().isEmpty else {
            throw .unexpectedReply(
                host: stream.peerName, command: "STARTTLS",
                reply: "data sent before the TLS handshake")
        }
        stream = try makeStream(stream)
        reader = LineReader(stream: stream)
    }

    /// Sends QUIT and ignores the outcome: the work is done either way.
    func quit() {
        _ = try? send("QUIT", during: "QUIT")
    }
}

extension SMTPResponse {
    /// The EHLO keywords, upper-cased: `STARTTLS`, `SIZE`, `PIPELINING` …
    var ehloKeywords: [String] {
        lines.dropFirst().map { line in
            String(line.prefix { $0 != " " }).uppercased()
        }
    }
}
