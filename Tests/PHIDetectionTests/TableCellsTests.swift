import Testing

@testable import PHIDetection

/// Compares the cell index of tables, which searches eight bytes at a time, with the
/// byte-by-byte column counts it replaces.
@Suite struct TableCellsTests {
    /// Returns a table with the header `patient_name<d>mrn<d>dob<d>notes` and rows of
    /// random cells: names, numbers, quotes, empty cells, blank lines and CRLF line ends.
    private static func randomTable(seed: UInt64, delimiter: String) -> [UInt8] {
        var random = RandomText(seed: seed)
        let pieces = [
            "Jane Doe", "448812", "1961-03-14", "\"", "\"Doe, Jane\"", "", " ", "x", delimiter,
            ",", ";", "\t", "|", "\n", "\r\n", "\n\n", "\r", "Ámbar Valcárcel",
            "abcdefghijklmnop",
        ]
        var text = "patient_name\(delimiter)mrn\(delimiter)dob\(delimiter)notes\n"
        for _ in 0..<(40 + random.next(60)) {
            text += pieces[random.next(pieces.count)]
            if random.next(3) == 0 { text += delimiter }
        }
        return Array(text.utf8)
    }

    private static func layout(_ text: UnsafeBufferPointer<UInt8>, isCSV: Bool) -> TableLayout? {
        let scan = TextScanner(dictionary: ScanPathTests.dictionary).scan(text)
        let context = ContextIndex(
            hits: scan.hits, roles: ScanPathTests.dictionary.roles, text: text)
        return TableLayout.read(text: text, context: context, isCSV: isCSV)
    }

    /// Checks every position and column of `bytes` against the plain counts.
    private static func compare(_ bytes: [UInt8], isCSV: Bool, label: String) {
        bytes.withUnsafeBufferPointer { text in
            guard let table = layout(text, isCSV: isCSV) else {
                Issue.record("\(label): the header names no known label")
                return
            }
            for position in (table.headerEnd + 1)..<max(text.count, table.headerEnd + 1) {
                let want = table.plainColumn(of: position)
                #expect(table.column(of: position) == want, "\(label) position \(position)")
            }
            for column in 0..<8 {
                let want = table.plainCellStarts(ofColumn: column)
                #expect(table.cellStarts(ofColumn: column) == want, "\(label) column \(column)")
            }
        }
    }

    @Test func cellIndexMatchesFixedTable() {
        TableCellsTests.compare(ShortcutTests.table, isCSV: true, label: "fixed table")
    }

    @Test(arguments: [",", ";", "\t"])
    func cellIndexMatchesRandomCSV(delimiter: String) {
        for seed in 1...40 as ClosedRange<UInt64> {
            let text = TableCellsTests.randomTable(seed: seed, delimiter: delimiter)
            TableCellsTests.compare(text, isCSV: true, label: "seed \(seed)")
        }
    }

    @Test func cellIndexMatchesRandomTabTable() {
        for seed in 41...60 as ClosedRange<UInt64> {
            var text = TableCellsTests.randomTable(seed: seed, delimiter: "\t")
            text.insert(contentsOf: Array("\t".utf8), at: 0)
            TableCellsTests.compare(text, isCSV: false, label: "seed \(seed)")
        }
    }

    /// Positions asked out of text order take the binary search instead of the hint.
    @Test func columnLookupBacktracks() {
        ShortcutTests.table.withUnsafeBufferPointer { text in
            guard let table = TableCellsTests.layout(text, isCSV: true) else {
                Issue.record("the header names no known label")
                return
            }
            let positions = Array((table.headerEnd + 1)..<text.count)
            for position in positions.reversed() + positions.shuffled() {
                #expect(table.column(of: position) == table.plainColumn(of: position))
            }
        }
    }

    /// A special byte at every offset of the eight-byte words and in the bytes after the
    /// last whole word.
    @Test(arguments: [0x22, 0x2C, 0x0A, 0x0D, 0x3B] as [UInt8])
    func specialByteSearchFindsEveryOffset(special: UInt8) {
        for length in 1...27 {
            for offset in 0..<length {
                var bytes = [UInt8](repeating: 0x61, count: length)
                bytes[offset] = special
                // Bytes with bit 7 set and bytes one above a special byte test the word
                // arithmetic for false matches.
                if offset > 0 { bytes[offset - 1] = 0xC3 }
                if offset + 1 < length { bytes[offset + 1] = special &+ 1 }
                bytes.withUnsafeBufferPointer { text in
                    for start in 0...length {
                        let want =
                            (start..<length).first { text[$0] == special && special != 0x3B }
                            ?? length
                        let got = TableCells.firstSpecialByte(
                            in: text, from: start, delimiter: 0x2C)
                        #expect(got == want, "length \(length) offset \(offset) start \(start)")
                    }
                }
            }
        }
    }
}
