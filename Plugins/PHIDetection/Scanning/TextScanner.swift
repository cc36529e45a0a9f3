/// Reads a text view once, byte by byte: every byte moves the term automaton, and every
/// run of digits hands its surroundings to `NumberExtractor`, which reads ahead over the
/// number and tells the scanner where to look for the next one.
///
/// One automaton step waits for the table load of the step before, so a single stream of
/// bytes runs at the latency of that load. A text of `minimumSplitSize` bytes or more is
/// therefore cut into four segments at line breaks (or at spaces between letters), which
/// no number crosses, and the four segments are scanned in one interleaved loop.
struct TextScanner {
    let dictionary: TermDictionary

    /// Texts shorter than this are scanned as one segment.
    static let minimumSplitSize = 256
    static let segmentCount = 4

    /// The automaton's tables as buffers, so the loop does no reference counting.
    struct Tables {
        var classes: UnsafeBufferPointer<UInt8>
        var transitions: UnsafeBufferPointer<Int32>
        var outputStart: UnsafeBufferPointer<Int32>
        var outputs: UnsafeBufferPointer<Int32>
        var termLengths: UnsafeBufferPointer<Int32>
        var startRow: Int
        var firstReportingRow: Int
    }

    /// Scans `text` and returns its term hits and number candidates. With `split` false
    /// the text is read as one segment, which tests compare against.
    func scan(_ text: UnsafeBufferPointer<UInt8>, split: Bool = true) -> ViewScan {
        let automaton = dictionary.automaton
        return ByteClass.table.withUnsafeBufferPointer { classes in
            automaton.transitions.withUnsafeBufferPointer { transitions in
                automaton.outputStart.withUnsafeBufferPointer { outputStart in
                    automaton.outputs.withUnsafeBufferPointer { outputs in
                        automaton.termLengths.withUnsafeBufferPointer { termLengths in
                            let tables = Tables(
                                classes: classes, transitions: transitions,
                                outputStart: outputStart, outputs: outputs,
                                termLengths: termLengths, startRow: Int(automaton.startRow),
                                firstReportingRow: Int(automaton.firstReportingRow))
                            return scan(text, tables: tables, split: split)
                        }
                    }
                }
            }
        }
    }

    private func scan(_ text: UnsafeBufferPointer<UInt8>, tables: Tables, split: Bool)
        -> ViewScan
    {
        let bounds = split ? TextScanner.segmentBounds(text) : [0, text.count]
        guard bounds.count == TextScanner.segmentCount + 1 else {
            var stream = ScanStream(start: 0, end: text.count, tables: tables)
            stream.scanRest(text, tables: tables)
            return stream.result
        }

        var streams = (0..<TextScanner.segmentCount).map {
            ScanStream(start: bounds[$0], end: bounds[$0 + 1], tables: tables)
        }
        let common = (0..<TextScanner.segmentCount).map { bounds[$0 + 1] - bounds[$0] }.min() ?? 0
        TextScanner.interleave(text, tables: tables, bounds: bounds, steps: common, into: &streams)
        for index in streams.indices {
            streams[index].scanRest(text, tables: tables)
        }
        return ViewScan.merging(streams.map(\.result))
    }

    /// Runs the first `steps` bytes of the four segments in one loop. Only the four
    /// automaton states live in registers; terms found and digit runs leave the loop
    /// through calls that are rarely taken.
    private static func interleave(
        _ text: UnsafeBufferPointer<UInt8>, tables: Tables, bounds: [Int], steps: Int,
        into streams: inout [ScanStream]
    ) {
        let classes = tables.classes
        let transitions = tables.transitions
        let reporting = tables.firstReportingRow
        let (base0, base1, base2, base3) = (bounds[0], bounds[1], bounds[2], bounds[3])
        var (row0, row1, row2, row3) = (tables.startRow, tables.startRow, tables.startRow,
            tables.startRow)

        for step in 0..<steps {
            let symbol0 = classes[Int(text[base0 &+ step])]
            let symbol1 = classes[Int(text[base1 &+ step])]
            let symbol2 = classes[Int(text[base2 &+ step])]
            let symbol3 = classes[Int(text[base3 &+ step])]
            row0 = Int(transitions[row0 &+ Int(symbol0)])
            row1 = Int(transitions[row1 &+ Int(symbol1)])
            row2 = Int(transitions[row2 &+ Int(symbol2)])
            row3 = Int(transitions[row3 &+ Int(symbol3)])

            if row0 >= reporting
                || startsDigitRun(text, classes, symbol0, at: base0 &+ step, segment: base0)
            {
                streams[0].visit(text, tables: tables, row: row0, at: base0 &+ step)
            }
            if row1 >= reporting
                || startsDigitRun(text, classes, symbol1, at: base1 &+ step, segment: base1)
            {
                streams[1].visit(text, tables: tables, row: row1, at: base1 &+ step)
            }
            if row2 >= reporting
                || startsDigitRun(text, classes, symbol2, at: base2 &+ step, segment: base2)
            {
                streams[2].visit(text, tables: tables, row: row2, at: base2 &+ step)
            }
            if row3 >= reporting
                || startsDigitRun(text, classes, symbol3, at: base3 &+ step, segment: base3)
            {
                streams[3].visit(text, tables: tables, row: row3, at: base3 &+ step)
            }
        }
        streams[0].resume(at: base0 &+ steps, row: row0)
        streams[1].resume(at: base1 &+ steps, row: row1)
        streams[2].resume(at: base2 &+ steps, row: row2)
        streams[3].resume(at: base3 &+ steps, row: row3)
    }

    /// Returns true when `symbol`, the class of the byte at `position`, is a digit that
    /// starts a run of digits within its segment.
    @inline(__always)
    private static func startsDigitRun(
        _ text: UnsafeBufferPointer<UInt8>, _ classes: UnsafeBufferPointer<UInt8>,
        _ symbol: UInt8, at position: Int, segment start: Int
    ) -> Bool {
        guard ByteClass.isDigit(symbol) else { return false }
        return position == start || !ByteClass.isDigit(classes[Int(text[position &- 1])])
    }

    /// Returns the segment boundaries: 0, three cut points and the text's end, or `[0,
    /// count]` when the text is short or has no safe cut point. A cut point is a line
    /// break, or a space between two ASCII letters: no number reaches across either.
    static func segmentBounds(_ text: UnsafeBufferPointer<UInt8>) -> [Int] {
        let count = text.count
        guard count >= minimumSplitSize else { return [0, count] }
        var bounds = [0]
        for part in 1..<segmentCount {
            var index = max(part * count / segmentCount, (bounds.last ?? 0) + 1)
            while index < count - 1 && !isCutPoint(text, index) { index += 1 }
            guard index < count - 1 else { return [0, count] }
            bounds.append(index)
        }
        bounds.append(count)
        return bounds
    }

    private static func isCutPoint(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let byte = text[index]
        if byte == 0x0A { return true }
        return byte == 0x20 && index > 0 && ASCII.isLetter(text[index - 1])
            && ASCII.isLetter(text[index + 1])
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

/// The automaton and number reader over one segment of a text.
///
/// A term can run past the segment's end, as `type 2` at the end of one line and `diabetes`
/// on the next. So after its segment the stream goes on reading until no term is in
/// progress, keeping only the terms that start inside its segment; the next segment's
/// stream, which starts as after a separator, reports the terms that start there.
struct ScanStream {
    private(set) var result = ViewScan()
    private var index: Int
    private let start: Int
    private let end: Int
    private var row: Int
    private var resumeAt = 0

    init(start: Int, end: Int, tables: TextScanner.Tables) {
        self.index = start
        self.start = start
        self.end = end
        self.row = tables.startRow
    }

    /// Handles the byte at `position`, already read by the interleaved loop, whose state
    /// reports terms or whose byte is a digit.
    @inline(never)
    mutating func visit(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, row: Int, at position: Int
    ) {
        if row >= tables.firstReportingRow {
            record(text, tables: tables, row: row, end: position, limit: end)
        }
        startNumber(text, tables: tables, at: position)
    }

    /// Continues after the interleaved loop read the segment up to `position`.
    mutating func resume(at position: Int, row: Int) {
        self.index = position
        self.row = row
    }

    /// Reads a number when a run of digits starts at `position` outside a number already
    /// read.
    @inline(__always)
    private mutating func startNumber(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, at position: Int
    ) {
        let symbol = tables.classes[Int(text[position])]
        guard ByteClass.isDigit(symbol), position >= resumeAt else { return }
        if position > start && ByteClass.isDigit(tables.classes[Int(text[position - 1])]) {
            return
        }
        resumeAt = NumberExtractor.extract(text, digitAt: position, into: &result)
    }

    /// Reads one byte of the segment.
    @inline(__always)
    mutating func step(_ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables) {
        let position = index
        let symbol = tables.classes[Int(text[position])]
        row = Int(tables.transitions[row &+ Int(symbol)])
        if row >= tables.firstReportingRow {
            record(text, tables: tables, row: row, end: position, limit: end)
        }
        if ByteClass.isDigit(symbol) {
            startNumber(text, tables: tables, at: position)
        }
        index = position &+ 1
    }

    /// Reads the rest of the segment, then past it until no term is in progress; at the
    /// end of the text a final separator ends the last word.
    mutating func scanRest(_ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables) {
        while index < end {
            step(text, tables: tables)
        }
        while index < text.count && row != tables.startRow && row != 0 {
            let symbol = tables.classes[Int(text[index])]
            row = Int(tables.transitions[row &+ Int(symbol)])
            if row >= tables.firstReportingRow {
                record(text, tables: tables, row: row, end: index, limit: end)
            }
            index += 1
        }
        if index == text.count {
            let last = Int(tables.transitions[row &+ Int(ByteClass.separator)])
            if last >= tables.firstReportingRow {
                record(text, tables: tables, row: last, end: text.count, limit: end)
            }
        }
    }

    /// Records the terms of the state at `row` that end at `end` and start before `limit`.
    @inline(never)
    private mutating func record(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, row: Int, end: Int,
        limit: Int
    ) {
        let state = row / ByteClass.count
        for slot in Int(tables.outputStart[state])..<Int(tables.outputStart[state + 1]) {
            let term = tables.outputs[slot]
            let length = Int(tables.termLengths[Int(term)])
            let start = TextScanner.start(
                ofTermEndingAt: end, symbols: length, in: text, classes: tables.classes)
            guard start < limit else { continue }
            result.hits.append(TermHit(start: Int32(start), end: Int32(end), term: term))
        }
    }
}
