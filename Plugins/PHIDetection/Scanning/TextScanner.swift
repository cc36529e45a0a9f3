/// Reads a text view once, byte by byte. Every byte moves the term automaton, and every
/// run of digits goes to `NumberExtractor`, which reads ahead over the number and returns
/// where the scanner looks for the next one.
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

    /// Bytes per segment read between two rounds of event handling. The event buffer of
    /// a chunk, 12 bytes per event and four events per step, lives on the stack: 12 KB.
    static let chunkSteps = 256

    /// Runs the first `steps` bytes of the four segments in one loop.
    ///
    /// The loop keeps the four automaton states in registers: it calls nothing and has no
    /// branch on the text. It writes an event (segment, position, state) for every byte
    /// and keeps it only when the state reports terms or the byte starts a run of digits.
    /// The events of each chunk are then handled in order, which gives each segment's
    /// stream the same calls in the same order as a plain scan.
    private static func interleave(
        _ text: UnsafeBufferPointer<UInt8>, tables: Tables, bounds: [Int], steps: Int,
        into streams: inout [ScanStream]
    ) {
        let capacity = chunkSteps * segmentCount
        var rows = (tables.startRow, tables.startRow, tables.startRow, tables.startRow)
        withUnsafeTemporaryAllocation(of: ScanEvent.self, capacity: capacity) { events in
            var done = 0
            while done < steps {
                let count = min(chunkSteps, steps - done)
                let noted = runChunk(
                    text, tables: tables, bounds: bounds, from: done, count: count,
                    rows: &rows, events: events)
                for event in events[0..<noted] {
                    streams[Int(event.segment)].visit(
                        text, tables: tables, row: Int(event.row), at: Int(event.position))
                }
                done += count
            }
        }
        streams[0].resume(at: bounds[0] + steps, row: rows.0)
        streams[1].resume(at: bounds[1] + steps, row: rows.1)
        streams[2].resume(at: bounds[2] + steps, row: rows.2)
        streams[3].resume(at: bounds[3] + steps, row: rows.3)
    }

    /// Runs `count` steps of the four segments from step `first`, writes the events to
    /// `events` and returns how many it wrote.
    private static func runChunk(
        _ text: UnsafeBufferPointer<UInt8>, tables: Tables, bounds: [Int], from first: Int,
        count: Int, rows: inout (Int, Int, Int, Int), events: UnsafeMutableBufferPointer<ScanEvent>
    ) -> Int {
        guard let base = text.baseAddress, let classes = tables.classes.baseAddress,
            let transitions = tables.transitions.baseAddress,
            let output = events.baseAddress
        else {
            return 0
        }
        let reporting = tables.firstReportingRow
        let pointer0 = base + bounds[0] + first
        let pointer1 = base + bounds[1] + first
        let pointer2 = base + bounds[2] + first
        let pointer3 = base + bounds[3] + first
        var (row0, row1, row2, row3) = rows
        var (previous0, previous1, previous2, previous3) = (
            ByteClass.separator, ByteClass.separator, ByteClass.separator, ByteClass.separator
        )
        var noted = 0

        for step in 0..<count {
            let symbol0 = classes[Int(pointer0[step])]
            let symbol1 = classes[Int(pointer1[step])]
            let symbol2 = classes[Int(pointer2[step])]
            let symbol3 = classes[Int(pointer3[step])]
            row0 = Int(transitions[row0 &+ Int(symbol0)])
            row1 = Int(transitions[row1 &+ Int(symbol1)])
            row2 = Int(transitions[row2 &+ Int(symbol2)])
            row3 = Int(transitions[row3 &+ Int(symbol3)])
            output[noted] = ScanEvent(segment: 0, position: pointer0 + step - base, row: row0)
            noted &+= (row0 >= reporting || startsRun(symbol0, after: previous0)) ? 1 : 0
            previous0 = symbol0

            output[noted] = ScanEvent(segment: 1, position: pointer1 + step - base, row: row1)
            noted &+= (row1 >= reporting || startsRun(symbol1, after: previous1)) ? 1 : 0
            previous1 = symbol1

            output[noted] = ScanEvent(segment: 2, position: pointer2 + step - base, row: row2)
            noted &+= (row2 >= reporting || startsRun(symbol2, after: previous2)) ? 1 : 0
            previous2 = symbol2

            output[noted] = ScanEvent(segment: 3, position: pointer3 + step - base, row: row3)
            noted &+= (row3 >= reporting || startsRun(symbol3, after: previous3)) ? 1 : 0
            previous3 = symbol3

        }
        rows = (row0, row1, row2, row3)
        return noted
    }

    /// Returns true when `symbol` is a digit and `previous` is not, which starts a run of
    /// digits. At a chunk's first byte `previous` is a separator, and the stream checks the
    /// real previous byte.
    @inline(__always)
    private static func startsRun(_ symbol: UInt8, after previous: UInt8) -> Bool {
        ByteClass.isDigit(symbol) && !ByteClass.isDigit(previous)
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

/// A byte the interleaved loop hands to its segment's stream: its state reports terms or
/// the byte is a digit.
struct ScanEvent {
    var segment: Int32
    var position: Int32
    var row: Int32

    init(segment: Int32, position: Int, row: Int) {
        self.segment = segment
        self.position = Int32(truncatingIfNeeded: position)
        self.row = Int32(truncatingIfNeeded: row)
    }
}

/// The automaton and number reader over one segment of a text.
///
/// A term can run past the segment's end, as `type 2` at the end of one line and `diabetes`
/// on the next. So after its segment the stream goes on reading until no term is in
/// progress, and keeps only the terms that start inside its segment. The next segment's
/// stream starts as after a separator and reports the terms that start there.
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

    /// Reads the rest of the segment, then past it until no term is in progress. At the
    /// end of the text, a final separator ends the last word.
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
