/// Runs the term automaton over four segments of a text in one loop, so that the table
/// loads of the four streams overlap instead of waiting for each other.
///
/// A text is read in blocks of a few kilobytes, each cut into four segments at separator
/// bytes. The loop over a block notes each reporting state it reaches, which is rare,
/// with the step where it reached it. Then, segment by segment, the noted states are
/// recorded as hits and the segment's stream reads the rest of the segment and any term
/// that runs past it. Segment by segment and block by block, this appends the hits in the
/// order of a plain scan, but for terms that run past a segment's end.
enum InterleavedTermScan {
    /// The size of a block times the size of a table entry: a block is 4,096 bytes with
    /// two-byte entries and 2,048 bytes with four-byte ones. Its notes fit in a buffer of
    /// `noteCapacity` entries.
    static let blockBytes = 8192

    /// Returns the maximum number of steps of one segment. It is a constant for each entry
    /// type, so the loop addresses the four segments' notes from one register.
    @inline(__always)
    static func segmentCapacity<Entry: TransitionEntry>(_: Entry.Type) -> Int {
        blockBytes / (MemoryLayout<Entry>.stride * TextScanner.segmentCount)
    }

    /// The number of notes the buffer of one block holds: one per step of each segment,
    /// for the narrower entry type, whose segments are the longer ones.
    static let noteCapacity = segmentCapacity(UInt16.self) * TextScanner.segmentCount

    /// Appends the term hits of `text` to `hits` in order of their end. `notes` is storage
    /// for the reporting states of one block, reused from scan to scan.
    static func scan(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, notes: inout [UInt64],
        into hits: inout [TermHit]
    ) {
        if notes.count < noteCapacity {
            notes = [UInt64](repeating: 0, count: noteCapacity)
        }
        notes.withUnsafeMutableBufferPointer { notes in
            if tables.hasWideEntries {
                scan(text, tables: tables, entry: UInt32.self, notes: notes, into: &hits)
            } else {
                scan(text, tables: tables, entry: UInt16.self, notes: notes, into: &hits)
            }
        }
    }

    private static func scan<Entry: TransitionEntry>(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, entry: Entry.Type,
        notes: UnsafeMutableBufferPointer<UInt64>, into hits: inout [TermHit]
    ) {
        let first = hits.count
        let blockSize = segmentCapacity(Entry.self) * TextScanner.segmentCount
        let blocks = max((text.count + blockSize - 1) / blockSize, 1)
        var blockStart = 0
        var mayBeUnordered = false
        for block in 1...blocks {
            var blockEnd = block * text.count / blocks
            while blockEnd < text.count && !TextScanner.isCutPoint(text, blockEnd) {
                blockEnd += 1
            }
            guard blockEnd > blockStart else { continue }
            if scanBlock(
                text, blockStart..<blockEnd, tables: tables, entry: Entry.self, notes: notes,
                into: &hits)
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
        entry: Entry.Type, notes: UnsafeMutableBufferPointer<UInt64>, into hits: inout [TermHit]
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

        let chunk = runChunk(
            text, tables: tables, entry: Entry.self, bounds: bounds, count: steps, notes: notes)
        var mayBeUnordered = false
        for segment in 0..<TextScanner.segmentCount {
            let first = hits.count
            var stream = TermStream(
                start: bounds[segment], end: bounds[segment + 1], tables: tables)
            let offset = segment * segmentSteps
            for note in notes[offset..<(offset + chunk.noteCount(segment))] {
                stream.record(
                    text, tables: tables, state: Int(note >> 32),
                    at: bounds[segment] + Int(note & 0xFFFF_FFFF), into: &hits)
            }
            stream.resume(at: bounds[segment] + steps, state: chunk.finalState(segment))
            stream.scanRest(text, tables: tables, into: &hits)
            if ranPast(bounds[segment + 1], hits: hits, from: first) { mayBeUnordered = true }
        }
        return mayBeUnordered
    }

    /// The outcome of the interleaved loop over one block, for each of the four segments:
    /// the state after the last step and the number of notes.
    struct Chunk {
        var rows: (Int, Int, Int, Int)
        var notes: (Int, Int, Int, Int)

        func finalState(_ segment: Int) -> Int {
            switch segment {
            case 0: rows.0
            case 1: rows.1
            case 2: rows.2
            default: rows.3
            }
        }

        func noteCount(_ segment: Int) -> Int {
            switch segment {
            case 0: notes.0
            case 1: notes.1
            case 2: notes.2
            default: notes.3
            }
        }
    }

    /// Runs `count` steps of the four segments that start at `bounds`. Each reporting state
    /// reached is noted in `notes` as the state shifted left by 32 bits plus the step, from
    /// index `k * segmentCapacity(Entry.self)` on for segment `k`.
    ///
    /// The loop keeps the four automaton states in registers and calls nothing. The test
    /// for a reporting state is one comparison per stream, and its branch is rarely taken,
    /// because most bytes end no term.
    @inline(never)
    private static func runChunk<Entry: TransitionEntry>(
        _ text: UnsafeBufferPointer<UInt8>, tables: TextScanner.Tables, entry: Entry.Type,
        bounds: TextScanner.SegmentBounds, count: Int, notes: UnsafeMutableBufferPointer<UInt64>
    ) -> Chunk {
        let start = tables.startState
        var chunk = Chunk(rows: (start, start, start, start), notes: (0, 0, 0, 0))
        guard let base = text.baseAddress, let columns = tables.columns.baseAddress,
            let table = tables.transitions.baseAddress, let output = notes.baseAddress
        else {
            return chunk
        }
        let pointer0 = base + bounds[0]
        let pointer1 = base + bounds[1]
        let pointer2 = base + bounds[2]
        let pointer3 = base + bounds[3]
        let segmentSteps = segmentCapacity(Entry.self)
        let output1 = output + segmentSteps
        let output2 = output + 2 * segmentSteps
        let output3 = output + 3 * segmentSteps
        let reporting = tables.firstReportingState
        var (row0, row1, row2, row3) = (start, start, start, start)

        for step in 0..<count {
            row0 = TextScanner.step(
                row0, pointer0[step], table: table, columns: columns, entry: Entry.self)
            row1 = TextScanner.step(
                row1, pointer1[step], table: table, columns: columns, entry: Entry.self)
            row2 = TextScanner.step(
                row2, pointer2[step], table: table, columns: columns, entry: Entry.self)
            row3 = TextScanner.step(
                row3, pointer3[step], table: table, columns: columns, entry: Entry.self)
            if row0 >= reporting {
                output[chunk.notes.0] = note(row0, step)
                chunk.notes.0 &+= 1
            }
            if row1 >= reporting {
                output1[chunk.notes.1] = note(row1, step)
                chunk.notes.1 &+= 1
            }
            if row2 >= reporting {
                output2[chunk.notes.2] = note(row2, step)
                chunk.notes.2 &+= 1
            }
            if row3 >= reporting {
                output3[chunk.notes.3] = note(row3, step)
                chunk.notes.3 &+= 1
            }
        }
        chunk.rows = (row0, row1, row2, row3)
        return chunk
    }

    @inline(__always)
    private static func note(_ state: Int, _ step: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: state) << 32 | UInt64(truncatingIfNeeded: step)
    }
}
