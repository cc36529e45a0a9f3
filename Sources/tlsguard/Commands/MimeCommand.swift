import Glibc
import Mail

/// `tlsguard mime FILE|-`: shows how tlsguard parses a message, and with `--text` what the
/// scanners read.
struct MimeCommand: Command {
    static let name = "mime"
    static let summary = "Show the MIME structure of a message and the text scanners see"
    static let help = """
        Usage: tlsguard mime [--text] [--json] FILE|-

        Parses the message in FILE (or standard input for -) with the same MIME parser
        the milter uses, and prints one line per MIME entity in depth-first order: its
        path (1 is the message, 1.2 the second part of it, 1.2.1 the first part inside
        that), content type, charset, transfer encoding, file name, size after transfer
        decoding, and whether its content was scanned or why not. When the first bytes of
        a part carry the signature of a known format that differs from the declared type,
        "content=" names that format. Problems found on the way follow: damaged base64,
        quoted-printable or uuencode, unknown charsets and transfer encodings, missing or
        reused boundaries, duplicate Content-Type fields, and limits reached. Last comes
        every piece of content that was not scanned, including parts after the part limit,
        which are not listed in the tree.

        Use it to answer "why was this message flagged" (with --text, the text the PHI
        detector read) and "why was that attachment not scanned" (encrypted, office
        document or PDF whose text is not extracted, binary content, over a size or
        depth limit). Messages with an ambiguous structure are also parsed in the other
        plausible way; those readings are listed separately.

        FILE is a whole message as stored in a Maildir or an .eml file: the header
        block, an empty line, then the body. Postfix queue files are not in this form;
        print a queued message with 'postcat -bh -q QUEUEID' and pipe it in. An mbox
        "From " line before the headers is skipped. Line ends may be CRLF, LF or CR.
        Input without header fields is read as the body of a text/plain message, as
        'tlsguard replay' reads it; an empty file is an error. The file is read in
        chunks, so large messages are parsed without being loaded whole; standard input
        is read into memory first.

        Options:
          --text    Also print every text view exactly as scanners see it: decoded
                    header fields, attachment names, the text of each part (HTML as
                    visible text), preamble and epilogue.
          --json    Print one JSON object instead of the tree. "parts" lists every
                    entity with "path", "content_type", "charset",
                    "transfer_encoding", "filename", "decoded_size" (bytes),
                    "detected_type" (the format its first bytes identify, or null),
                    "scanned" (and "reason" when false; "container": true for
                    multipart and message entities); with --text also "text" (the
                    content view) and "text_views" (every view of the part, with its
                    "kind"). "problems" lists {"path", "kind", "detail"};
                    "alternative_readings" lists the other plausible structures;
                    "unscanned" lists {"path", "reason", "reading"} for every piece of
                    content that was not scanned.
          --help    Show this text.

        Limitations:
          - Text inside office documents (Word, Excel, PowerPoint, OpenDocument), PDF
            files, archives, TNEF (winmail.dat) and images is not extracted; such parts
            are listed as not scanned so that a policy can act on them.
          - RTF attachments are scanned as raw text: a control word between the digits
            of a number splits it for the detectors.
          - x-uuencode parts and complete uuencoded files inside plain text parts are
            decoded. BinHex is not decoded. Any Content-Transfer-Encoding other than
            7bit, 8bit, binary, base64, quoted-printable and x-uuencode is read as it is
            and the part counts as not scanned.
          - message/partial fragments are parsed one by one, not reassembled.
          - Text outside the encodings of RFC 2045 and the charsets iconv knows is read
            by best effort (UTF-8, else windows-1252) and reported as a problem.
          - "scanned" is the parser's view and reads no configuration. The PHI plugin
            reads at most phi_max_scan_size bytes of each text and counts the rest as
            not scanned, and it exempts small images (phi_unscanned_exempt_types);
            'tlsguard replay' with your configuration shows both.

        Exit status:
          0   the message was parsed (problems in it do not change the status)
          64  invalid command line
          66  FILE does not exist, cannot be read, or is empty

        Examples:
          tlsguard mime /home/alice/Maildir/cur/1709459702.M1P2.mx1:2,S
          postcat -bh -q 4AB12C0D3 | tlsguard mime --text -
          tlsguard mime --json --text message.eml

        """

    let path: String
    let includeText: Bool
    let asJSON: Bool

    init(arguments: inout ArgumentList) throws(UsageError) {
        includeText = arguments.flag("text")
        asJSON = arguments.flag("json")
        let positionals = try arguments.finish()
        guard positionals.count == 1, let path = positionals.first, !path.isEmpty else {
            throw UsageError(
                "mime: expected one FILE argument, or - for standard input; "
                    + "run 'tlsguard mime --help' for the usage")
        }
        self.path = path
    }

    func run() throws -> ExitStatus {
        var errorOutput = Output.standardError
        defer { errorOutput.flush() }
        let message: ParsedMessage
        do {
            message = try parse()
        } catch {
            errorOutput.line("tlsguard mime: \(error)")
            return .noInput
        }
        if message.headers.isEmpty {
            errorOutput.line(
                "tlsguard mime: \(path): no header fields; the input is read as the "
                    + "body of a text/plain message")
        }
        var output = Output.standardOutput
        if asJSON {
            output.write(MIMEReport.json(message, includeText: includeText))
        } else {
            output.write(MIMEReport.text(message, includeText: includeText))
        }
        output.flush()
        return .success
    }

    /// Parses the input. An empty input is an error, with the message that `tlsguard
    /// replay` gives for it.
    private func parse() throws(MimeInputError) -> ParsedMessage {
        let parsed: ParsedMessage?
        do {
            parsed = try parseUnlessEmpty()
        } catch {
            throw .unreadable(error)
        }
        guard let parsed else { throw .empty(path: path) }
        return parsed
    }

    /// Parses the input, or returns nil when it is empty.
    private func parseUnlessEmpty() throws(MailError) -> ParsedMessage? {
        if path == "-" {
            let bytes = try Self.readStandardInput()
            return bytes.isEmpty ? nil : MessageParser.parse(message: bytes)
        }
        if try Self.isEmptyFile(path) { return nil }
        return try MessageParser.parse(contentsOfFile: path)
    }

    /// Returns true for a regular file of size 0. Other files, such as pipes, are read.
    private static func isEmptyFile(_ path: String) throws(MailError) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .unreadableFile(path: path, errno: errno)
        }
        return (status.st_mode & S_IFMT) == S_IFREG && status.st_size == 0
    }

    private static func readStandardInput() throws(MailError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw .unreadableFile(path: "standard input", errno: errno) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }
}

/// An input that `tlsguard mime` cannot show.
enum MimeInputError: Error, CustomStringConvertible {
    case unreadable(MailError)
    case empty(path: String)

    var description: String {
        switch self {
        case .unreadable(let error): "\(error)"
        case .empty(let path): "\(path): empty file, no message in it"
        }
    }
}
