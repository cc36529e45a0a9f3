import PluginAPI

/// An SMTP reply that MilterKit hands to libmilter with `smfi_setreply` or
/// `smfi_setmlreply`: a 4xx or 5xx code, an RFC 3463 enhanced status code of the same
/// class, and one to 32 lines of printable US-ASCII text.
///
/// Text is stored as written. MilterKit doubles `%` when it passes the text on, because
/// sendmail formats reply text printf-style and would otherwise replace it with a generic
/// "Command rejected".
public struct MilterReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let enhancedCode: String
    public let lines: [String]

    /// The maximum number of lines `smfi_setmlreply` accepts.
    public static let maxLines = 32
    /// The maximum length of one line of text, which keeps a reply line within the 512
    /// octets RFC 5321 allows after the code and enhanced code are added.
    public static let maxLineLength = 480

    /// Creates a reply, checking that the code is 4xx or 5xx, that the enhanced code's
    /// class equals the code's first digit, and that each line is printable US-ASCII.
    public init(code: Int, enhancedCode: String, lines: [String]) throws(MilterError) {
        do {
            let checked = try SMTPReply(code: code, enhancedCode: enhancedCode, lines: lines)
            self.code = checked.code
            self.enhancedCode = checked.enhancedCode.description
            self.lines = checked.lines
        } catch {
            throw .invalidReply(error.description)
        }
    }

    /// Creates a one-line reply.
    public init(code: Int, enhancedCode: String, text: String) throws(MilterError) {
        try self.init(code: code, enhancedCode: enhancedCode, lines: [text])
    }

    /// Creates the same reply as an engine `SMTPReply`, which was checked the same way.
    public init(_ reply: SMTPReply) {
        code = reply.code
        enhancedCode = reply.enhancedCode.description
        lines = reply.lines
    }

    /// The default reply when a handler fails: `451 4.3.0`, so the client retries later.
    public static let defaultTempfail = MilterReply(SMTPReply.defaultTempfail)

    /// True for 4xx replies.
    public var isTemporary: Bool { code / 100 == 4 }

    /// The reply as a client sees it, lines joined with CRLF.
    public var description: String {
        lines.enumerated().map { index, line in
            let separator = index == lines.count - 1 ? " " : "-"
            return "\(code)\(separator)\(enhancedCode) \(line)"
        }.joined(separator: "\r\n")
    }

    /// The lines with every `%` doubled, as libmilter must receive them.
    var escapedLines: [String] {
        lines.map { line in
            guard line.utf8.contains(0x25) else { return line }
            var escaped = ""
            escaped.reserveCapacity(line.utf8.count + 4)
            for character in line {
                escaped.append(character)
                if character == "%" { escaped.append("%") }
            }
            return escaped
        }
    }
}
