/// Reads a text view once, byte by byte: every byte moves the term automaton, and every
/// run of digits hands its surroundings to `NumberExtractor`, which reads ahead over the
/// number and tells the scanner where to look for the next one.
struct TextScanner {
    let dictionary: TermDictionary

    /// Scans `text` and returns its term hits and number candidates.
    func scan(_ text: UnsafeBufferPointer<UInt8>) -> ViewScan {
        var result = ViewScan()
        let automaton = dictionary.automaton
        ByteClass.table.withUnsafeBufferPointer { classes in
            automaton.transitions.withUnsafeBufferPointer { table in
                scan(text, classes: classes, table: table, into: &result)
            }
        }
        return result
    }

    private func scan(
        _ text: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>,
        table: UnsafeBufferPointer<Int32>, into result: inout ViewScan
    ) {
        var row = Int(dictionary.automaton.startRow)
        var resumeAt = 0
        var previousWasDigit = false
        let count = text.count

        for index in 0..<count {
            let symbol = classes[Int(text[index])]
            let entry = table[row &+ Int(symbol)]
            row = Int(entry >> 1)
            if entry & 1 != 0 {
                record(row: row, end: index, text: text, into: &result)
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
        let entry = table[row &+ Int(ByteClass.separator)]
        if entry & 1 != 0 {
            record(row: Int(entry >> 1), end: count, text: text, into: &result)
        }
    }

    private func record(
        row: Int, end: Int, text: UnsafeBufferPointer<UInt8>, into result: inout ViewScan
    ) {
        let automaton = dictionary.automaton
        for term in automaton.terms(atRow: row) {
            let length = Int(automaton.termLengths[Int(term)])
            let start = TextScanner.start(ofTermEndingAt: end, symbols: length, in: text)
            result.hits.append(TermHit(start: Int32(start), end: Int32(end), term: term))
        }
    }

    /// Walks back from `end` over `symbols` automaton symbols, where a run of separator
    /// bytes counts as one symbol, and returns where the term starts.
    static func start(
        ofTermEndingAt end: Int, symbols: Int, in text: UnsafeBufferPointer<UInt8>
    ) -> Int {
        var index = end
        var remaining = symbols
        while remaining > 0 && index > 0 {
            index -= 1
            if ByteClass.table[Int(text[index])] == ByteClass.separator {
                while index > 0 && ByteClass.table[Int(text[index - 1])] == ByteClass.separator {
                    index -= 1
                }
            }
            remaining -= 1
        }
        return index
    }
}
