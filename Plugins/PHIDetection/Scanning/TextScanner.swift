/// Reads a text view once for dictionary terms and once for numbers.
///
/// Every byte moves the term automaton. One automaton step waits for the table load of the
/// step before, so a single stream of bytes runs at the latency of that load. A text of
/// `minimumSplitSize` bytes or more is therefore cut into four segments at separator
/// bytes, and the four segments are read in one interleaved loop (`InterleavedTermScan`).
///
/// Numbers are found apart from the automaton. `NumberScan` looks for the first digit of
/// each run of digits, eight bytes at a time, and hands it to `NumberExtractor`. That reads
/// ahead over the number and returns where the search goes on.
struct TextScanner {
    let dictionary: TermDictionary

    /// Texts shorter than this are scanned as one segment.
    static let minimumSplitSize = 256
    static let segmentCount = 4

    /// The automaton's tables as buffers, so the loop does no reference counting.
    struct Tables {
        /// The byte class of each byte value, used to find separators.
        var classes: UnsafeBufferPointer<UInt8>
        /// The transition table column of each byte value.
        var columns: UnsafeBufferPointer<UInt8>
        /// The transition table's entries, `UInt32` when `hasWideEntries`, else `UInt16`.
        var transitions: UnsafeRawBufferPointer
        var hasWideEntries: Bool
        var reports: UnsafeBufferPointer<TermAutomaton.Report>
        var moreOutputs: UnsafeBufferPointer<TermAutomaton.TermOutput>
        var termLengths: UnsafeBufferPointer<Int32>
        var startState: Int
        var firstReportingState: Int
    }

    /// Returns the state that `state` moves to on `byte`. The address of the byte's column
    /// is computed from the byte alone, off the chain of dependent steps, so that a step
    /// waits for the state before it only through one shift and one load.
    @inline(__always)
    static func step<Entry: TransitionEntry>(
        _ state: Int, _ byte: UInt8, table: UnsafeRawPointer, columns: UnsafePointer<UInt8>,
        entry: Entry.Type
    ) -> Int {
        let entryShift = Entry.bitWidth == 16 ? 1 : 2
        let column = table + Int(columns[Int(byte)]) &<< entryShift
        let rowOffset = state &<< (TermAutomaton.columnShift + entryShift)
        return Int(column.load(fromByteOffset: rowOffset, as: Entry.self))
    }

    /// Scans `text` and returns its term hits and number candidates.
    ///
    /// With `split` false the text is read as one stream of bytes, byte by byte, for terms
    /// and for digits: the plain scan that tests compare the fast paths against.
    func scan(_ text: UnsafeBufferPointer<UInt8>, split: Bool = true) -> ViewScan {
        var buffers = ScanBuffers()
        if split {
            scan(text, into: &buffers)
        } else {
            withTables { tables in
                var stream = TermStream(start: 0, end: text.count, tables: tables)
                stream.scanRest(text, tables: tables, into: &buffers.scan.hits)
            }
            NumberScan.scanPlain(text, into: &buffers.scan)
        }
        return buffers.scan
    }

    /// Scans `text` into `buffers.scan`, whose arrays must be empty, with the fast paths.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into buffers: inout ScanBuffers) {
        scanTerms(text, into: &buffers)
        NumberScan.scan(text, into: &buffers.scan)
    }

    /// Appends the term hits of `text` to `buffers.scan.hits`, in order of their end.
    func scanTerms(_ text: UnsafeBufferPointer<UInt8>, into buffers: inout ScanBuffers) {
        withTables { tables in
            InterleavedTermScan.scan(
                text, tables: tables, notes: &buffers.termNotes, into: &buffers.scan.hits)
        }
    }

    private func withTables<Result>(_ body: (Tables) -> Result) -> Result {
        let automaton = dictionary.automaton
        return ByteClass.table.withUnsafeBufferPointer { classes in
            automaton.columns.withUnsafeBufferPointer { columns in
                automaton.transitions.withUnsafeBytes { transitions, hasWideEntries in
                    automaton.reports.withUnsafeBufferPointer { reports in
                        automaton.moreOutputs.withUnsafeBufferPointer { moreOutputs in
                            automaton.termLengths.withUnsafeBufferPointer { termLengths in
                                body(
                                    Tables(
                                        classes: classes, columns: columns,
                                        transitions: transitions,
                                        hasWideEntries: hasWideEntries, reports: reports,
                                        moreOutputs: moreOutputs, termLengths: termLengths,
                                        startState: automaton.startState,
                                        firstReportingState: automaton.firstReportingState))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Returns the segment boundaries: 0, three cut points and the text's end, or `[0,
    /// count]` when the text is short or has no cut point.
    static func segmentBounds(_ text: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let bounds = segmentBounds(text, in: 0..<text.count) else { return [0, text.count] }
        return (0...segmentCount).map { bounds[$0] }
    }

    /// The start of each of the four segments of a range and the end of the last one.
    struct SegmentBounds {
        private var starts: (Int, Int, Int, Int)
        private let end: Int

        init(starts: (Int, Int, Int, Int), end: Int) {
            self.starts = starts
            self.end = end
        }

        /// Returns the start of segment `index`, or the end of the last segment for
        /// `index` 4.
        subscript(_ index: Int) -> Int {
            switch index {
            case 0: starts.0
            case 1: starts.1
            case 2: starts.2
            case 3: starts.3
            default: end
            }
        }
    }

    /// Returns the boundaries of four segments of `range`: its start, three cut points and
    /// its end, or nil when the range is short or has no cut point. A cut point is a
    /// separator byte (white space or punctuation), so no word is cut in two and the next
    /// segment's automaton can start as after a separator.
    static func segmentBounds(_ text: UnsafeBufferPointer<UInt8>, in range: Range<Int>)
        -> SegmentBounds?
    {
        let count = range.count
        guard count >= minimumSplitSize else { return nil }
        var cuts = (range.lowerBound, 0, 0, 0)
        var last = range.lowerBound
        for part in 1..<segmentCount {
            var index = max(range.lowerBound + part * count / segmentCount, last + 1)
            while index < range.upperBound - 1 && !isCutPoint(text, index) { index += 1 }
            guard index < range.upperBound - 1 else { return nil }
            switch part {
            case 1: cuts.1 = index
            case 2: cuts.2 = index
            default: cuts.3 = index
            }
            last = index
        }
        return SegmentBounds(starts: cuts, end: range.upperBound)
    }

    /// Returns true when the byte at `index` is a separator: white space or punctuation.
    @inline(__always)
    static func isCutPoint(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        ASCII.isSeparator(text[index])
    }

    /// Walks back from `end` over `symbols` automaton symbols, where a run of separator
    /// bytes counts as one symbol, and returns where the term starts.
    static func start(
        ofTermEndingAt end: Int, symbols: Int, in text: UnsafeBufferPointer<UInt8>,
        classes: UnsafeBufferPointer<UInt8>
    ) -> Int {
        var index = end
        var remaining = symbols
        while remaining > 0 && index > 0 {
            index -= 1
            if classes[Int(text[index])] == ByteClass.separator {
                while index > 0 && classes[Int(text[index - 1])] == ByteClass.separator {
                    index -= 1
                }
            }
            remaining -= 1
        }
        return index
    }
}
