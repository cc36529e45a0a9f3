/// The columns of a CSV attachment or a tab-separated table: which roles each column
/// header gives the values below it, so that `6620418` in a column headed `mrn` is read as
/// a medical record number.
final class TableLayout {
    let text: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    /// The index after the header line.
    let headerEnd: Int
    let columnRoles: [TermRole]
    /// The last position asked about and its column. Candidates come in text order, so
    /// counting goes on from there instead of from the line start.
    private var lastPosition = -1
    private var lastColumn = 0
    private var lastQuoted = false

    private init(
        text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, headerEnd: Int,
        columnRoles: [TermRole]
    ) {
        self.text = text
        self.delimiter = delimiter
        self.headerEnd = headerEnd
        self.columnRoles = columnRoles
    }

    /// Reads the header line. For CSV views the delimiter is the most frequent of `,`, `;`
    /// and tab in the first line. Other views are tables only when their first line has
    /// at least two tabs or `|`. Returns nil when no header names a known label.
    static func read(text: UnsafeBufferPointer<UInt8>, context: ContextIndex, isCSV: Bool)
        -> TableLayout?
    {
        // A header line longer than this is prose, not a table, and is not read twice.
        let maxHeaderLength = 4096
        var lineEnd = 0
        var commas = 0
        var semicolons = 0
        var tabs = 0
        var bars = 0
        while lineEnd < text.count && !ASCII.isLineBreak(text[lineEnd]) {
            switch text[lineEnd] {
            case 0x2C: commas += 1
            case 0x3B: semicolons += 1
            case 0x09: tabs += 1
            case 0x7C: bars += 1
            default: break
            }
            lineEnd += 1
            if lineEnd > maxHeaderLength { return nil }
        }

        let best: (delimiter: UInt8, count: Int)
        if isCSV {
            let options: [(UInt8, Int)] = [(0x2C, commas), (0x3B, semicolons), (0x09, tabs)]
            best = options.max { $0.1 < $1.1 } ?? (0x2C, 0)
        } else {
            best = tabs >= bars ? (0x09, tabs) : (0x7C, bars)
        }
        guard best.count >= (isCSV ? 1 : 2) else { return nil }

        var roles = [TermRole](repeating: [], count: best.count + 1)
        for hit in context.hits where Int(hit.end) <= lineEnd {
            let column = TableLayout.column(
                of: Int(hit.start), lineStart: 0, delimiter: best.delimiter, text: text)
            if column < roles.count { roles[column].formUnion(context.roles[Int(hit.term)]) }
        }
        guard roles.contains(where: { !$0.isEmpty }) else { return nil }
        return TableLayout(
            text: text, delimiter: best.delimiter, headerEnd: lineEnd, columnRoles: roles)
    }

    /// Returns the roles of the column header above `position`, or nil in the header line
    /// or for a column without a known header.
    func roles(at position: Int) -> TermRole? {
        guard position > headerEnd else { return nil }
        let column = column(of: position)
        guard column < columnRoles.count, !columnRoles[column].isEmpty else { return nil }
        return columnRoles[column]
    }

    /// Returns the column of `position`, counting from the last position asked about when
    /// it is earlier. Counting starts again after each line break on the way, so the
    /// count is the one from the start of the line of `position`.
    private func column(of position: Int) -> Int {
        var from = lastPosition
        var column = lastColumn
        var quoted = lastQuoted
        if from < 0 || from > position {
            from = TextCursor.skipBackward(text, from: position) { !ASCII.isLineBreak($0) }
            column = 0
            quoted = false
        }
        for index in from..<position {
            let byte = text[index]
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == delimiter {
                if !quoted { column += 1 }
            } else if byte == 0x0A || byte == 0x0D {
                column = 0
                quoted = false
            }
        }
        lastPosition = position
        lastColumn = column
        lastQuoted = quoted
        return column
    }

    /// Returns the start of every cell of `column` below the header.
    func cellStarts(ofColumn column: Int) -> [Int] {
        var starts: [Int] = []
        var index = headerEnd
        while index < text.count {
            while index < text.count && ASCII.isLineBreak(text[index]) { index += 1 }
            guard index < text.count else { break }
            var current = 0
            var cellStart = index
            var quoted = false
            while index < text.count && !ASCII.isLineBreak(text[index]) {
                let byte = text[index]
                if byte == 0x22 { quoted.toggle() }
                if byte == delimiter && !quoted {
                    if current == column { starts.append(cellStart) }
                    current += 1
                    cellStart = index + 1
                }
                index += 1
            }
            if current == column { starts.append(cellStart) }
        }
        return starts
    }

    private static func column(
        of position: Int, lineStart: Int, delimiter: UInt8, text: UnsafeBufferPointer<UInt8>
    ) -> Int {
        var column = 0
        var quoted = false
        for index in lineStart..<position {
            let byte = text[index]
            if byte == 0x22 { quoted.toggle() }
            if byte == delimiter && !quoted { column += 1 }
        }
        return column
    }
}
