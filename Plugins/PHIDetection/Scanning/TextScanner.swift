/// Reads a text view once, byte by byte: every byte moves the term automaton, and every
/// run of digits hands its surroundings to `NumberExtractor`, which reads ahead over the
/// number and tells the scanner where to look for the next one.
struct TextScanner {
    let dictionary: TermDictionary

    /// The automaton's tables as buffers, so the loop does no reference counting.
    private struct Tables {
        var classes: UnsafeBufferPointer<UInt8>
        var transitions: UnsafeBufferPointer<Int32>
        var outputStart: UnsafeBufferPointer<Int32>
        var outputs: UnsafeBufferPointer<Int32>
        var termLengths: UnsafeBufferPointer<Int32>
    }

    /// Scans `text` and returns its term hits and number candidates.
    func scan(_ text: UnsafeBufferPointer<UInt8>) -> ViewScan {
        var result = ViewScan()
        result.hits.reserveCapacity(text.count / 64)
        let automaton = dictionary.automaton
        ByteClass.table.withUnsafeBufferPointer { classes in
            automaton.transitions.withUnsafeBufferPointer { transitions in
                automaton.outputStart.withUnsafeBufferPointer { outputStart in
                    automaton.outputs.withUnsafeBufferPointer { outputs in
                        automaton.termLengths.withUnsafeBufferPointer { termLengths in
                            let tables = Tables(
                                classes: classes, transitions: transitions,
                                outputStart: outputStart, outputs: outputs,
                                termLengths: termLengths)
                            scan(text, tables: tables, into: &result)
                        }
                    }
                }
            }
        }
        return result
    }

    private func scan(
        _ text: UnsafeBufferPointer<UInt8>, tables: Tables, into result: inout ViewScan
    ) {
        let classes = tables.classes
        let transitions = tables.transitions
        let firstReportingRow = Int(dictionary.automaton.firstReportingRow)
        var row = Int(dictionary.automaton.startRow)
        var resumeAt = 0
        var previousWasDigit = false
        let count = text.count

        for index in 0..<count {
            let symbol = classes[Int(text[index])]
            row = Int(transitions[row &+ Int(symbol)])
            if row >= firstReportingRow {
                record(row: row, end: index, text: text, tables: tables, into: &result)
            }

            // A digit after a non-digit starts a run; runs inside a number already read
            // are skipped.
            let isDigit = ByteClass.isDigit(symbol)
            if isDigit && !previousWasDigit && index >= resumeAt {
                resumeAt = NumberExtractor.extract(text, digitAt: index, into: &result)
            }
            previousWasDigit = isDigit
        }

        // A final separator ends the last word.
        let last = Int(transitions[row &+ Int(ByteClass.separator)])
        if last >= firstReportingRow {
            record(row: last, end: count, text: text, tables: tables, into: &result)
        }
    }

    @inline(never)
    private func record(
        row: Int, end: Int, text: UnsafeBufferPointer<UInt8>, tables: Tables,
        into result: inout ViewScan
    ) {
        let state = row / ByteClass.count
        for slot in Int(tables.outputStart[state])..<Int(tables.outputStart[state + 1]) {
            let term = tables.outputs[slot]
            let length = Int(tables.termLengths[Int(term)])
            let start = TextScanner.start(
                ofTermEndingAt: end, symbols: length, in: text, classes: tables.classes)
            result.hits.append(TermHit(start: Int32(start), end: Int32(end), term: term))
        }
    }

    /// Walks back from `end` over `symbols` automaton symbols, where a run of separator
    /// bytes counts as one symbol, and returns where the term starts.
    private static func start(
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
