#if canImport(Glibc)
    import Glibc
#endif

/// Reading of signature files. The format is described at the top of
/// `Conf/received-signatures.conf`: one signature a line, `MEANING name="…" FIELD=PATTERN
/// …`, with `#` comments and blank lines ignored.
public enum SignatureFile {
    /// Maximum size of a signature file; a larger file is rejected as a mistake.
    public static let maxFileSize = 1 << 20

    /// Parses the text of a signature file. `source` names the file in error messages.
    public static func parse(_ text: String, source: String) throws(SignatureFileError)
        -> [ServerSignature]
    {
        var signatures: [ServerSignature] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let location = "\(source):\(offset + 1)"
            if let signature = try parseLine(line, location: location) {
                signatures.append(signature)
            }
        }
        return signatures
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(SignatureFileError) -> [ServerSignature] {
        guard let bytes = readFile(path) else {
            throw .unreadable(path: path, errno: errno)
        }
        guard bytes.count <= maxFileSize else {
            throw .tooLarge(path: path, size: bytes.count)
        }
        return try parse(String(decoding: bytes, as: UTF8.self), source: path)
    }

    // MARK: - Lines

    private static func parseLine(_ line: Substring, location: String) throws(SignatureFileError)
        -> ServerSignature?
    {
        let words = try splitWords(line, location: location)
        guard let first = words.first else { return nil }
        guard let meaning = ServerSignature.Meaning(rawValue: first) else {
            throw .invalidLine(
                location: location,
                reason: "unknown meaning '\(first)'; use records, silent or misleading")
        }
        var name: String?
        var conditions: [SignatureCondition] = []
        for word in words.dropFirst() {
            let (key, value) = try splitAssignment(word, location: location)
            if key == "name" {
                name = value
            } else if let field = SignatureField(rawValue: key) {
                let pattern = GlobPattern(value, caseSensitive: field.isCaseSensitive)
                conditions.append(SignatureCondition(field: field, pattern: pattern))
            } else {
                let fields = SignatureField.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidLine(
                    location: location, reason: "unknown field '\(key)'; use name or \(fields)")
            }
        }
        guard let name, !conditions.isEmpty else {
            throw .invalidLine(
                location: location, reason: "a signature needs name=\"…\" and one FIELD=PATTERN")
        }
        return ServerSignature(
            meaning: meaning, name: name, conditions: conditions, source: location)
    }

    private static func splitAssignment(_ word: String, location: String)
        throws(SignatureFileError) -> (String, String)
    {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
            throw .invalidLine(
                location: location, reason: "'\(word)' is not FIELD=PATTERN")
        }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// Splits a line into words at white space; a `"…"` part may contain spaces and ends
    /// the quoting at the next `"`. A `#` outside quotes starts a comment.
    private static func splitWords(_ line: Substring, location: String)
        throws(SignatureFileError) -> [String]
    {
        var words: [String] = []
        var current = ""
        var inQuotes = false
        var hasWord = false
        for character in line {
            if character == "\"" {
                inQuotes.toggle()
                hasWord = true
            } else if inQuotes {
                current.append(character)
            } else if character == "#" {
                break
            } else if character == " " || character == "\t" || character == "\r" {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
                hasWord = true
            }
        }
        guard !inQuotes else {
            throw .invalidLine(location: location, reason: "a quoted pattern is not closed")
        }
        if hasWord { words.append(current) }
        return words
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes += buffer[0..<count] }
            if count < buffer.count { break }
            if bytes.count > maxFileSize { break }
        }
        return ferror(file) == 0 ? bytes : nil
    }
}

/// A signature file that cannot be used.
public enum SignatureFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, errno: Int32)
    case tooLarge(path: String, size: Int)
    case invalidLine(location: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let errno):
            "\(path): cannot read the signature file: \(String(cString: strerror(errno)))"
        case .tooLarge(let path, let size):
            "\(path): signature file of \(size) bytes is larger than the maximum of "
                + "\(SignatureFile.maxFileSize) bytes; check that tls_signature_files names "
                + "the right file"
        case .invalidLine(let location, let reason):
            "\(location): invalid signature: \(reason)"
        }
    }
}
