/// Reads the dictionary file format.
///
/// ```
/// # Comments start with '#' at the beginning of a line.
/// [drug]
/// metformin
/// insulin glargine
/// [account_label, needs_punctuation]
/// claim
/// ```
///
/// A line in square brackets starts a section and names the roles of the terms below it,
/// separated by commas; `TermRole.sectionNames` lists the names. Every other non-empty
/// line is one term, matched as whole words and without regard to ASCII case. Leading and
/// trailing white space is ignored.
enum DictionaryFileParser {
    struct Entry {
        var term: String
        var role: TermRole
    }

    static func entries(of source: DictionarySource) throws(PHIDetectionError) -> [Entry] {
        var entries: [Entry] = []
        var role: TermRole?
        var lineNumber = 0

        for rawLine in source.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: rawLine, as: UTF8.self).trimmingASCIISpace()
            if line.isEmpty || line.hasPrefix("#") { continue }

            if line.hasPrefix("[") {
                role = try sectionRole(line, source: source, line: lineNumber)
                continue
            }
            guard let role else {
                throw .invalidDictionary(
                    source: source.name, line: lineNumber,
                    reason: "term '\(line)' comes before the first [section] line; "
                        + "start the file with a section such as [drug]")
            }
            entries.append(Entry(term: line, role: role))
        }
        return entries
    }

    private static func sectionRole(_ line: String, source: DictionarySource, line number: Int)
        throws(PHIDetectionError) -> TermRole
    {
        guard line.hasSuffix("]"), line.count > 2 else {
            throw .invalidDictionary(
                source: source.name, line: number,
                reason: "section line '\(line)' does not end with ']'")
        }
        var role: TermRole = []
        for name in line.dropFirst().dropLast().split(separator: ",") {
            let trimmed = String(name).trimmingASCIISpace()
            guard let named = TermRole.named(trimmed) else {
                let known = TermRole.sectionNames.map(\.name).joined(separator: ", ")
                throw .invalidDictionary(
                    source: source.name, line: number,
                    reason: "unknown section '\(trimmed)'; known sections: \(known)")
            }
            role.formUnion(named)
        }
        return role
    }
}

extension String {
    /// Returns the string without leading and trailing spaces, tabs and carriage returns.
    func trimmingASCIISpace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return String(self[first...last])
    }
}
