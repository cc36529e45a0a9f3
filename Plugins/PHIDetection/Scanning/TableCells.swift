/// The cells of the rows below a table's header line: where each cell starts and in which
/// column, found in one pass over the rows.
///
/// A cell starts at the first byte of a line and after each delimiter outside double
/// quotes. A double quote toggles quoting, and a line break (CR or LF) ends the line and
/// any quoting. Empty lines have no cells.
struct TableCells {
    /// The start of one cell and its column, counting from 0 at the line start.
    struct Cell: Equatable {
        var start: Int
        var column: Int
    }

    /// Every cell below the header, in text order.
    let cells: [Cell]

    /// Finds the cells of `text` from `rowsStart` on, in a table whose header line of
    /// `rowsStart` bytes has `columnCount` columns.
    ///
    /// Reads the text eight bytes at a time and passes over words without a double quote,
    /// a delimiter or a line break, which make up most of a cell's bytes.
    init(text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, rowsStart: Int, columnCount: Int) {
        var cells: [Cell] = []
        // Room for rows as long as the header line, so that the array grows rarely. A text
        // has at most one cell per byte.
        let rowBytes = text.count - rowsStart
        cells.reserveCapacity(min(rowBytes / max(rowsStart, 1) * columnCount, rowBytes) + 1)
        var index = rowsStart
        var column = 0
        var quoted = false
        var inLine = false
        while index < text.count {
            if !inLine {
                while index < text.count && ASCII.isLineBreak(text[index]) { index += 1 }
                guard index < text.count else { break }
                cells.append(Cell(start: index, column: 0))
                column = 0
                quoted = false
                inLine = true
            }

            let special = TableCells.firstSpecialByte(in: text, from: index, delimiter: delimiter)
            guard special < text.count else { break }
            let byte = text[special]
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == delimiter {
                if !quoted {
                    column += 1
                    cells.append(Cell(start: special + 1, column: column))
                }
            } else {
                inLine = false
            }
            index = special + 1
        }
        self.cells = cells
    }

    /// Returns the index of the last cell that starts at or before `position`, or nil
    /// when every cell starts after it.
    ///
    /// `hint` is a cell index to try first. Positions asked in text order find their cell
    /// a few steps after the previous one, and other positions use a binary search.
    func lastCell(startingAtOrBefore position: Int, hint: Int) -> Int? {
        var index = hint
        if index < 0 || index >= cells.count || cells[index].start > position {
            index = firstCell(startingAfter: position) - 1
            return index >= 0 ? index : nil
        }
        while index + 1 < cells.count && cells[index + 1].start <= position { index += 1 }
        return index
    }

    private func firstCell(startingAfter position: Int) -> Int {
        var low = 0
        var high = cells.count
        while low < high {
            let middle = (low + high) / 2
            if cells[middle].start <= position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Returns the index of the first double quote, `delimiter`, CR or LF at or after
    /// `start`, or `text.count` when there is none.
    static func firstSpecialByte(
        in text: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8
    ) -> Int {
        guard let base = text.baseAddress else { return text.count }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let delimiters = UInt64(delimiter) &* ones
        var index = start
        while index &+ 8 <= text.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let found =
                zeroBytes(word ^ (0x22 &* ones)) | zeroBytes(word ^ delimiters)
                | zeroBytes(word ^ (0x0A &* ones)) | zeroBytes(word ^ (0x0D &* ones))
            if found != 0 { return index &+ found.trailingZeroBitCount >> 3 }
            index &+= 8
        }
        while index < text.count {
            let byte = base[index]
            if byte == 0x22 || byte == delimiter || ASCII.isLineBreak(byte) { return index }
            index &+= 1
        }
        return text.count
    }

    /// Returns a word with bit 7 set in the lowest zero byte of `word`, and possibly in
    /// bytes above it, but in no byte below it.
    ///
    /// Subtracting 1 from each byte borrows through a zero byte only, so the lowest byte
    /// whose bit 7 this sets is the lowest zero byte, which is all the callers read.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }
}
