extension CharsetConverter {
    /// Decodes `bytes` in every reading that a mail program may show, the declared
    /// charset's reading first, for text that must be scanned whichever reading is shown.
    ///
    /// There are two readings in two cases, and the first carries a
    /// `CharsetIssue.ambiguousCharset`:
    /// - A byte order mark names another charset than the declared one, or no charset is
    ///   declared. Python's email package shows the declared charset's reading, and a
    ///   program that honours the byte order mark shows the other. A UTF-8 byte order mark
    ///   on text declared UTF-8 or US-ASCII, or declared with no charset, is dropped, and a
    ///   UTF-16 one agrees with any UTF-16 declaration.
    /// - UTF-16 or UTF-32 is declared, but the bytes cannot be in it. Their count is not a
    ///   multiple of the code unit, they contain no NUL byte, or they decode with invalid
    ///   sequences. Every ASCII character has a NUL byte in these encodings. The second
    ///   reading is UTF-8 where valid, else windows-1252.
    public static func readings(_ bytes: [UInt8], declaredCharset: String?) -> [DecodedText] {
        let label = declaredCharset.map { CharsetLabel($0) }
        let declaredName = declaredCharset ?? "(none)"
        if let marked = byteOrderMarkCharset(bytes), !agrees(marked, with: label) {
            var declaredReading = decodeDeclared(bytes, declaredCharset: declaredCharset)
            declaredReading.issue = .ambiguousCharset(declared: declaredName, other: marked)
            return unique([declaredReading, decode(bytes, declaredCharset: declaredCharset)])
        }
        let primary = decode(bytes, declaredCharset: declaredCharset)
        guard let unit = codeUnitSize(label), !fits(bytes, unitSize: unit, decoded: primary)
        else {
            return [primary]
        }
        let fallback = bestEffort(bytes, declared: nil)
        var flagged = primary
        flagged.issue = .ambiguousCharset(declared: declaredName, other: fallback.charset)
        return unique([flagged, fallback])
    }

    /// Returns `utf-8` or `utf-16` for a byte order mark at the start of `bytes`, or nil.
    static func byteOrderMarkCharset(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "utf-8" }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return "utf-16"
        }
        return nil
    }

    private static func agrees(_ marked: String, with label: CharsetLabel?) -> Bool {
        switch label {
        case nil, .utf8, .ascii:
            return marked == "utf-8"
        case .iconv(let name):
            return marked == "utf-16" && name.hasPrefix("UTF-16")
        case .windows1252, .unknown:
            return false
        }
    }

    /// Returns the code unit size in bytes of a declared UTF-16 or UTF-32, or nil.
    private static func codeUnitSize(_ label: CharsetLabel?) -> Int? {
        guard case .iconv(let name) = label else { return nil }
        if name.hasPrefix("UTF-16") { return 2 }
        if name.hasPrefix("UTF-32") { return 4 }
        return nil
    }

    private static func fits(_ bytes: [UInt8], unitSize: Int, decoded: DecodedText) -> Bool {
        bytes.count % unitSize == 0 && bytes.contains(0) && decoded.issue == nil
    }

    /// Drops a later reading whose text equals an earlier one.
    private static func unique(_ readings: [DecodedText]) -> [DecodedText] {
        var seen = Set<[UInt8]>()
        return readings.filter { seen.insert($0.utf8).inserted }
    }
}
