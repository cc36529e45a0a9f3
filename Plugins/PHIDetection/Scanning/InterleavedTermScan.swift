/// Runs the term automaton over four segments of a text in one loop, so that the table
/// loads of the four streams overlap instead of waiting for each other.
///
/// A text is read in blocks of a few kilobytes, each cut into four segments at separator
/// bytes. After the loop over a block, each segment's states are searched for
/// reporting ones, and its stream reads the rest of the segment and any term that runs
/// past it. Segment by segment and block by block, this appends the hits in the order of
/// a plain scan, but for terms that run past a segment's end.
enum InterleavedTermScan {
    /// The size of the buffer of the states that the interleaved loop reaches. It holds one
    /// state per byte of a block: a block is 4,096 bytes with two-byte table entries and
    /// 2,048 bytes with four-byte ones.
    static let stateBufferBytes = 8192

    /// Returns the number of states of one segment that the state buffer holds. It is a
    /// constant for each entry type, so the loop addresses the four segments' states from
    /// one register.
    @inline(__always)
    static func segmentCapacity<Entry: TransitionEntry>(_: Entry.Type) -> Int {
        stateBufferBytes / (MemoryLayout<Entry>.stride * TextScanner.segmentCount)
    }

    /// Appends the term hits of `text` to `hits` in order of their end. `states` is storage
    /// for the states of one block, reused from scan to scan.
    static func scan(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, states: inout [UInt32],
        into hits: inout [TermHit]
    ) {
        let count = stateBufferBytes / MemoryLayout<UInt32>.stride
        if states.count < count {
            states = [UInt32](repeating: 0, count: count)
        }
        states.withUnsafeMutableBytes { bytes in
            if tables.hasWideEntries {
                bytes.withMemoryRebound(to: UInt32.self) { states in
                    scan(text, tables: tables, states: states, into: &hits)
                }
            } else {
                bytes.withMemoryRebound(to: UInt16.self) { states in
                    scan(text, tables: tables, states: states, into: &hits)
                }
            }
        }
    }

    private static func scan<Entry: TransitionEntry>(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables,
        states: UnsafeMutableBufferPointer<Entry>, into hits: inout [TermHit]
    ) {
        let first = hits.count
        let blockSize = states.count
        let blocks = max((text.count + blockSize - 1) / blockSize, 1)
        var blockStart = 0
        var mayBeUnordered = false
        for block in 1...blocks {
            var blockEnd = block * text.count / blocks
            while blockEnd < text.count && !TextScanner.isCutPoint(text, blockEnd) {
                blockEnd += 1
            }
            guard blockEnd > blockStart else { continue }
            if scanBlock(text, blockStart..<blockEnd, tables: tables, states: states, into: &hits)
            {
                mayBeUnordered = true
            }
            blockStart = blockEnd
        }
        if mayBeUnordered { restoreOrder(&hits, from: first) }
    }

    /// Returns true when the stream of a segment ending at `end` appended a hit that ends
    /// at or after `end`. The next segment's hits end at `end` or later, so only then can
    /// the hits be out of the order of a plain scan. A stream appends its hits in order of
    /// their end, so its last hit is the one to look at.
    @inline(__always)
    private static func ranPast(_ end: Int, hits: [TermHit], from first: Int) -> Bool {
        hits.count > first && Int(hits[hits.count - 1].end) >= end
    }

    /// Sorts `hits[first...]` into the order of a plain scan, by end and by term id among
    /// terms that end at the same byte, when a term that a stream read past its segment's
    /// end broke that order.
    private static func restoreOrder(_ hits: inout [TermHit], from first: Int) {
        let added = hits[first...]
        guard !zip(added, added.dropFirst()).allSatisfy({ !precedes($1, $0) }) else { return }
        let sorted = added.sorted(by: precedes)
        hits.replaceSubrange(first..., with: sorted)
    }

    private static func precedes(_ left: TermHit, _ right: TermHit) -> Bool {
        (left.end, left.term) < (right.end, right.term)
    }

    /// Appends the hits of the terms that start in `range`, and returns true when a
    /// stream appended a hit that ends at or after the end of its segment, which may put
    /// the hits out of order.
    private static func scanBlock<Entry: TransitionEntry>(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, tables: TextScanner.Tables,
        states: UnsafeMutableBufferPointer<Entry>, into hits: inout [TermHit]
    ) -> Bool {
        guard let bounds = TextScanner.segmentBounds(text, in: range) else {
            let first = hits.count
            var stream = TermStream(start: range.lowerBound, end: range.upperBound, tables: tables)
            stream.scanRest(text, tables: tables, into: &hits)
            return ranPast(range.upperBound, hits: hits, from: first)
        }
        let segmentSteps = segmentCapacity(Entry.self)
        var steps = segmentSteps
        for segment in 0..<TextScanner.segmentCount {
            steps = min(steps, bounds[segment + 1] - bounds[segment])
        }

        let rows = runChunk(text, tables: tables, bounds: bounds, count: steps, states: states)
        var mayBeUnordered = false
        for segment in 0..<TextScanner.segmentCount {
            let first = hits.count
            let finalState: Int
            switch segment {
            case 0: finalState = rows.0
            case 1: finalState = rows.1
            case 2: finalState = rows.2
            default: finalState = rows.3
            }
            var stream = TermStream(
                start: bounds[segment], end: bounds[segment + 1], tables: tables)
            let offset = segment * segmentSteps
            reportTerms(
                in: UnsafeBufferPointer(rebasing: states[offset..<(offset + steps)]),
                firstPosition: bounds[segment], text: text, tables: tables, stream: stream,
                into: &hits)
            stream.resume(at: bounds[segment] + steps, state: finalState)
            stream.scanRest(text, tables: tables, into: &hits)
            if ranPast(bounds[segment + 1], hits: hits, from: first) { mayBeUnordered = true }
        }
        return mayBeUnordered
    }

    /// Runs `count` steps of the four segments that start at `bounds` and writes the state
    /// after each byte to `states`: segment `k`'s states from index `k * states.count / 4`
    /// on.
    /// Returns the four states after the last step.
    ///
    /// The loop keeps the four automaton states in registers, calls nothing and has no
    /// branch on the text. Which states report terms is decided afterwards, many at a time.
    private static func runChunk<Entry: TransitionEntry>(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables,
        bounds: TextScanner.SegmentBounds,
        count: Int, states: UnsafeMutableBufferPointer<Entry>
    ) -> (Int, Int, Int, Int) {
        let start = tables.startState
        guard let base = text.baseAddress, let columns = tables.columns.baseAddress,
            let output = states.baseAddress
        else {
            return (start, start, start, start)
        }
        let transitions = tables.transitions.assumingMemoryBound(to: Entry.self)
        let pointer0 = base + bounds[0]
        let pointer1 = base + bounds[1]
        let pointer2 = base + bounds[2]
        let pointer3 = base + bounds[3]
        let output0 = output
        let segmentSteps = segmentCapacity(Entry.self)
        let output1 = output + segmentSteps
        let output2 = output + 2 * segmentSteps
        let output3 = output + 3 * segmentSteps
        var (row0, row1, row2, row3) = (start, start, start, start)
        let shift = TermAutomaton.columnShift

        for step in 0..<count {
            row0 = Int(transitions[row0 << shift | Int(columns[Int(pointer0[step])])])
            row1 = Int(transitions[row1 << shift | Int(columns[Int(pointer1[step])])])
            row2 = Int(transitions[row2 << shift | Int(columns[Int(pointer2[step])])])
            row3 = Int(transitions[row3 << shift | Int(columns[Int(pointer3[step])])])
            output0[step] = Entry(truncatingIfNeeded: row0)
            output1[step] = Entry(truncatingIfNeeded: row1)
            output2[step] = Entry(truncatingIfNeeded: row2)
            output3[step] = Entry(truncatingIfNeeded: row3)
        }
        return (row0, row1, row2, row3)
    }

    /// Records the terms of every reporting state in `states`, the states after the bytes
    /// from `firstPosition` on. Compares sixteen states at a time and visits only the
    /// reporting ones, because most blocks of sixteen bytes report nothing.
    private static func reportTerms<Entry: TransitionEntry>(
        in states: UnsafeBufferPointer<Entry>, firstPosition: Int,
        text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, stream: TermStream,
        into hits: inout [TermHit]
    ) {
        let reporting = Entry(truncatingIfNeeded: tables.firstReportingState)
        let threshold = Entry.vector(repeating: reporting)
        var index = 0
        if let base = states.baseAddress {
            while index + 16 <= states.count {
                var lanes = Entry.lanes(of: base + index, atLeast: threshold)
                while lanes != 0 {
                    let lane = index + lanes.trailingZeroBitCount
                    lanes &= lanes &- 1
                    stream.record(
                        text, tables: tables, state: Int(base[lane]),
                        at: firstPosition + lane, into: &hits)
                }
                index += 16
            }
        }
        for offset in index..<states.count where states[offset] >= reporting {
            stream.record(
                text, tables: tables, state: Int(states[offset]), at: firstPosition + offset,
                into: &hits)
        }
    }
}
