/// The columns of a CSV attachment or a tab-separated table: which roles each column
/// header gives the values below it, so that `6620418` in a column headed `mrn` is read as
/// a medical record number.
final class TableLayout {
    let text: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    /// The index after the header line.
    let headerEnd: Int
    let columnRoles: [TermRole]
    /// The cells below the header.
    let rows: TableCells
    /// The cell index of the last position asked about. Candidates come in text order, so
    /// the search for the next one starts there.
    private var lastCell = 0

    private init(
        text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, headerEnd: Int,
        columnRoles: [TermRole]
    ) {
        self.text = text
        self.delimiter = delimiter
        self.headerEnd = headerEnd
        self.columnRoles = columnRoles
        self.rows = TableCells(
            text: text, delimiter: delimiter, rowsStart: headerEnd,
            columnCount: columnRoles.count)
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

    /// Returns the column of `position`, from the cell that starts at or before it.
    func column(of position: Int) -> Int {
        guard position < text.count, !ASCII.isLineBreak(text[position]),
            let cell = rows.lastCell(startingAtOrBefore: position, hint: lastCell)
        else { return plainColumn(of: position) }
        lastCell = cell
        return rows.cells[cell].column
    }

    /// Returns the column of `position` by counting the delimiters outside quotes from the
    /// start of its line: the reference for `column(of:)`.
    func plainColumn(of position: Int) -> Int {
        let lineStart = TextCursor.skipBackward(text, from: position) { !ASCII.isLineBreak($0) }
        var column = 0
        var quoted = false
        for index in lineStart..<position {
            let byte = text[index]
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == delimiter && !quoted {
                column += 1
            }
        }
        return column
    }

    /// Returns the start of every cell of `column` below the header.
    func cellStarts(ofColumn column: Int) -> [Int] {
        var starts: [Int] = []
        for cell in rows.cells where cell.column == column { starts.append(cell.start) }
        return starts
    }

    /// Returns the start of every cell of `column` below the header by walking every byte:
    /// the reference for `cellStarts(ofColumn:)`.
    func plainCellStarts(ofColumn column: Int) -> [Int] {
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
