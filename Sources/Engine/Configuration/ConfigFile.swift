/// The lines of a configuration file in Postfix `main.cf` style, before any key is
/// checked against a table.
///
/// A logical line starts with a non-blank character and continues on following lines
/// that start with white space. Lines whose first non-blank character is `#` and blank
/// lines are ignored. Each logical line is `key = value`; white space around the key and
/// the value is removed. As in Postfix, a later line for the same key overrides an
/// earlier one.
public struct ConfigFile: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        public var line: Int
    }

    public let path: String
    public private(set) var entries: [Entry] = []

    /// Parses `text`; `path` names the file in error messages.
    public init(path: String, text: String) throws(ConfigFileError) {
        self.path = path
        var pending: (text: String, line: Int)?
        for (index, rawLine) in ConfigFile.lines(of: text).enumerated() {
            let number = index + 1
            let trimmed = rawLine.trimmingBlanks()
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                continue
            }
            if rawLine.first == " " || rawLine.first == "\t" {
                guard pending != nil else {
                    throw ConfigFileError(
                        path: path, line: number, key: nil,
                        message: "continuation line without a preceding 'key = value' line; "
                            + "start a new entry at the beginning of the line")
                }
                pending?.text += " " + trimmed
                continue
            }
            if let finished = pending {
                try append(finished.text, line: finished.line)
            }
            pending = (trimmed, number)
        }
        if let finished = pending {
            try append(finished.text, line: finished.line)
        }
    }

    /// Returns the last entry for `key`, with its line.
    public func last(_ key: String) -> Entry? {
        entries.last { $0.key == key }
    }

    private mutating func append(_ logicalLine: String, line: Int) throws(ConfigFileError) {
        guard let equals = logicalLine.firstIndex(of: "=") else {
            throw ConfigFileError(
                path: path, line: line, key: nil,
                message: "missing '=' in '\(logicalLine)'; write 'key = value'")
        }
        let key = String(logicalLine[..<equals]).trimmingBlanks()
        let value = String(logicalLine[logicalLine.index(after: equals)...]).trimmingBlanks()
        guard ConfigFile.isValidKeyName(key) else {
            throw ConfigFileError(
                path: path, line: line, key: key.isEmpty ? nil : key,
                message: "invalid key name '\(key)'; key names are lower_snake_case")
        }
        entries.append(Entry(key: key, value: value, line: line))
    }

    static func isValidKeyName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) else {
            return false
        }
        return key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// Splits at LF and CRLF. In Swift, CRLF is one `Character`, so both are separators.
    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }
}

/// An error in a configuration file, printed as `file:line: key: message`.
public struct ConfigFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(path: String, line: Int?, key: String?, message: String) {
        self.path = path
        self.line = line
        self.key = key
        self.message = message
    }

    /// The error as `file:line: key: message`, with control characters from the file
    /// shown as `?` so a broken file cannot garble the terminal.
    public var description: String {
        var text = path
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += key + ": " }
        text += message
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
