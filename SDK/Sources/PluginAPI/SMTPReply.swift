/// An SMTP reply that a verdict sends to the client: a basic reply code, an RFC 3463
/// enhanced status code, and one or more lines of text.
///
/// The initializer checks what MTAs and clients rely on: the code is 4xx or 5xx, the
/// enhanced code's class equals the code's first digit (a 550 with 4.7.1 is rejected),
/// and each line is printable US-ASCII without CR, LF or NUL. Text is stored as written;
/// MilterKit doubles `%` when it hands the text to libmilter, which formats it
/// printf-style.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let enhancedCode: EnhancedStatusCode
    public let lines: [String]

    /// Maximum number of text lines; libmilter's smfi_setmlreply accepts 32.
    public static let maxLines = 32
    /// Maximum length of one line of text. RFC 5321 allows 512 octets per reply line,
    /// which leaves this much after the code, enhanced code and separators.
    public static let maxLineLength = 480

    public init(code: Int, enhancedCode: String, text: String) throws(ReplyError) {
        try self.init(code: code, enhancedCode: enhancedCode, lines: [text])
    }

    public init(code: Int, enhancedCode: String, lines: [String]) throws(ReplyError) {
        guard (400...599).contains(code) else {
            throw .invalidCode(code)
        }
        guard let enhanced = EnhancedStatusCode(enhancedCode) else {
            throw .invalidEnhancedCode(enhancedCode)
        }
        guard enhanced.statusClass == code / 100 else {
            throw .mismatchedClass(code: code, enhancedCode: enhancedCode)
        }
        guard !lines.isEmpty, lines.count <= SMTPReply.maxLines else {
            throw .invalidLineCount(lines.count)
        }
        for line in lines {
            try SMTPReply.check(line)
        }
        self.code = code
        self.enhancedCode = enhanced
        self.lines = lines
    }

    /// The reply as a client sees it, lines joined with CRLF.
    public var description: String {
        lines.enumerated().map { index, line in
            let separator = index == lines.count - 1 ? " " : "-"
            return "\(code)\(separator)\(enhancedCode) \(line)"
        }.joined(separator: "\r\n")
    }

    /// The text lines joined with a space, for logs and replay output.
    public var text: String {
        lines.joined(separator: " ")
    }

    private static func check(_ line: String) throws(ReplyError) {
        guard line.utf8.count <= maxLineLength else {
            throw .lineTooLong(line.utf8.count)
        }
        for byte in line.utf8 where byte < 0x20 || byte > 0x7E {
            throw .invalidCharacter(line: line, byte: byte)
        }
    }

    /// Makes a reply from parts that the code itself wrote. Use it only with constant
    /// arguments that a unit test checks; the parts are validated all the same and a bad
    /// literal stops the process at start-up rather than producing a wrong reply.
    public static func constant(_ code: Int, _ enhancedCode: String, _ text: String) -> SMTPReply {
        do {
            return try SMTPReply(code: code, enhancedCode: enhancedCode, text: text)
        } catch {
            preconditionFailure("invalid constant SMTP reply: \(error)")
        }
    }

    /// Replaces everything outside printable US-ASCII with `?`, so text from a
    /// configuration file or a header can go into a reply.
    public static func sanitizedText(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                result.unicodeScalars.append(scalar)
            } else {
                result.unicodeScalars.append("?")
            }
        }
        return String(result.prefix(maxLineLength))
    }

    public static let defaultTempfail = SMTPReply.constant(
        451, "4.3.0", "Message could not be checked; try again later")
}

/// An RFC 3463 enhanced status code, `class.subject.detail`.
public struct EnhancedStatusCode: Sendable, Hashable, CustomStringConvertible {
    public let statusClass: Int
    public let subject: Int
    public let detail: Int

    /// Parses `2.0.0`, `4.7.1`, `5.7.0`: class 2, 4 or 5, subject 0-999, detail 0-999.
    public init?(_ text: String) {
        let fields = text.split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count == 3,
            fields.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) }),
            let statusClass = Int(fields[0]), let subject = Int(fields[1]),
            let detail = Int(fields[2]), [2, 4, 5].contains(statusClass)
        else {
            return nil
        }
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    public var description: String {
        "\(statusClass).\(subject).\(detail)"
    }
}

extension Character {
    var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }
}

public enum ReplyError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCode(Int)
    case invalidEnhancedCode(String)
    case mismatchedClass(code: Int, enhancedCode: String)
    case invalidLineCount(Int)
    case lineTooLong(Int)
    case invalidCharacter(line: String, byte: UInt8)

    public var description: String {
        switch self {
        case .invalidCode(let code):
            "invalid SMTP reply code \(code): use 4xx for a temporary and 5xx for a "
                + "permanent failure"
        case .invalidEnhancedCode(let text):
            "invalid enhanced status code '\(text)': use class.subject.detail, such as 5.7.1"
        case .mismatchedClass(let code, let enhancedCode):
            "enhanced status code \(enhancedCode) does not match reply code \(code): "
                + "the first digits must be equal"
        case .invalidLineCount(let count):
            "invalid number of reply lines \(count): use 1 to \(SMTPReply.maxLines)"
        case .lineTooLong(let length):
            "reply line of \(length) bytes is too long: the maximum is \(SMTPReply.maxLineLength)"
        case .invalidCharacter(let line, let byte):
            "reply line '\(SMTPReply.sanitizedText(line))' contains byte \(byte): "
                + "use printable US-ASCII only"
        }
    }
}
