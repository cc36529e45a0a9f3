/// The term automaton over one segment of a text.
///
/// A term can run past the segment's end, as `type 2` at the end of one line and `diabetes`
/// on the next. So after its segment the stream goes on reading until no term is in
/// progress, and keeps only the terms that start inside its segment. The next segment's
/// stream starts as after a separator and reports the terms that start there.
struct TermStream {
    private var index: Int
    /// The end of the segment: terms that start here or later belong to the next one.
    let end: Int
    private var state: Int

    init(start: Int, end: Int, tables: TextScanner.Tables) {
        self.index = start
        self.end = end
        self.state = tables.startState
    }

    /// Continues after the interleaved loop read the segment up to `position`.
    mutating func resume(at position: Int, state: Int) {
        self.index = position
        self.state = state
    }

    /// Reads the rest of the segment, then past it until no term is in progress, and
    /// appends the terms found to `hits`. At the end of the text, a final separator ends
    /// the last word.
    mutating func scanRest(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables,
        into hits: inout [TermHit]
    ) {
        if tables.hasWideEntries {
            scanRest(text, tables: tables, entry: UInt32.self, into: &hits)
        } else {
            scanRest(text, tables: tables, entry: UInt16.self, into: &hits)
        }
    }

    private mutating func scanRest<Entry: TransitionEntry>(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, entry: Entry.Type,
        into hits: inout [TermHit]
    ) {
        guard let base = text.baseAddress, let columns = tables.columns.baseAddress,
            let table = tables.transitions.baseAddress
        else {
            return
        }
        let reporting = tables.firstReportingState
        while index < end {
            state = TextScanner.step(
                state, base[index], table: table, columns: columns, entry: Entry.self)
            if state >= reporting {
                record(text, tables: tables, state: state, at: index, into: &hits)
            }
            index &+= 1
        }
        while index < text.count && state != tables.startState && state != 0 {
            state = TextScanner.step(
                state, base[index], table: table, columns: columns, entry: Entry.self)
            if state >= reporting {
                record(text, tables: tables, state: state, at: index, into: &hits)
            }
            index &+= 1
        }
        if index == text.count {
            let last = TextScanner.step(
                state, 0x20, table: table, columns: columns, entry: Entry.self)
            if last >= reporting {
                record(text, tables: tables, state: last, at: text.count, into: &hits)
            }
        }
    }

    /// Appends to `hits` the terms of `state` that end at `position` and start inside the
    /// segment.
    func record(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, state: Int,
        at position: Int, into hits: inout [TermHit]
    ) {
        let report = tables.reports[state - tables.firstReportingState]
        record(report.first, text, tables: tables, at: position, into: &hits)
        let more = Int(report.moreStart)..<Int(report.moreStart + report.moreCount)
        for slot in more {
            record(tables.moreOutputs[slot], text, tables: tables, at: position, into: &hits)
        }
    }

    @inline(__always)
    private func record(
        _ output: TermAutomaton.TermOutput, _ text: UnsafeBufferPointer<UInt8>,
        tables: TextScanner.Tables, at position: Int, into hits: inout [TermHit]
    ) {
        let start =
            output.wordByteLength > 0
            ? position - Int(output.wordByteLength)
            : TextScanner.start(
                ofTermEndingAt: position, symbols: Int(tables.termLengths[Int(output.term)]),
                in: text, classes: tables.classes)
        guard start < end else { return }
        hits.append(TermHit(start: Int32(start), end: Int32(position), term: output.term))
    }
}
