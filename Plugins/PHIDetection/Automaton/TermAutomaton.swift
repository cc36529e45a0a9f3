/// An Aho-Corasick automaton over `ByteClass` symbols, compiled to a dense table so that a
/// scan does one table lookup per input byte.
///
/// Every term is stored with one separator before and one after it, and the scan starts
/// as if the text were preceded by a separator and ends by feeding one more. A term is
/// therefore found only as whole words. A state reached by a separator loops to itself on
/// further separators, so runs of white space and punctuation count as one separator, in
/// the text as in the terms.
struct TermAutomaton: Sendable {
    /// Transition table, one row of `ByteClass.count` entries per state. An entry is the
    /// target state's row offset, so a step is one load and one add.
    let transitions: [Int32]
    /// States whose row offset is at least this report terms; the layout puts them last,
    /// so the scanner tests one comparison per byte.
    let firstReportingRow: Int32
    /// `outputs[outputStart[state] ..< outputStart[state + 1]]` are the term ids that end
    /// at `state`, including those of shorter suffixes.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// The row offset of the state after the virtual leading separator.
    let startRow: Int32
    /// The length of each term in symbols, separators collapsed, padding excluded.
    let termLengths: [Int32]

    var stateCount: Int { outputStart.count - 1 }
}

/// Builds a `TermAutomaton` from terms written as text.
struct TermAutomatonBuilder {
    private var children: [Int32] = []
    private var ownTerms: [[Int32]] = []
    private var incomingClass: [UInt8] = []
    private(set) var termLengths: [Int32] = []

    init() {
        _ = addState(incoming: ByteClass.separator)
    }

    /// Converts `text` to the symbols the automaton matches: byte classes with runs of
    /// separators collapsed and separators at both ends removed. Returns an empty array
    /// when the text has no word character.
    static func symbols(of text: some Sequence<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        for byte in text {
            let symbol = ByteClass.table[Int(byte)]
            if symbol == ByteClass.separator
                && (result.last ?? ByteClass.separator)
                    == ByteClass.separator
            {
                continue
            }
            result.append(symbol)
        }
        if result.last == ByteClass.separator { result.removeLast() }
        return result
    }

    /// Adds a term and returns its id, or nil when the term has no word character.
    mutating func add(_ text: String) -> Int32? {
        let symbols = TermAutomatonBuilder.symbols(of: text.utf8)
        guard !symbols.isEmpty else { return nil }

        let id = Int32(termLengths.count)
        termLengths.append(Int32(symbols.count))
        var state = child(of: 0, on: ByteClass.separator)
        for symbol in symbols {
            state = child(of: state, on: symbol)
        }
        state = child(of: state, on: ByteClass.separator)
        ownTerms[state].append(id)
        return id
    }

    private mutating func child(of state: Int, on symbol: UInt8) -> Int {
        let slot = state * ByteClass.count + Int(symbol)
        if children[slot] >= 0 { return Int(children[slot]) }
        let next = addState(incoming: symbol)
        children[slot] = Int32(next)
        return next
    }

    private mutating func addState(incoming: UInt8) -> Int {
        children.append(contentsOf: repeatElement(-1, count: ByteClass.count))
        ownTerms.append([])
        incomingClass.append(incoming)
        return ownTerms.count - 1
    }

    /// Computes failure links breadth first, fills in every missing transition, merges the
    /// terms of suffix states, and lays out the table.
    func build() -> TermAutomaton {
        let stateCount = ownTerms.count
        let width = ByteClass.count
        var next = children
        var failure = [Int](repeating: 0, count: stateCount)
        var terms = ownTerms
        var queue: [Int] = []
        queue.reserveCapacity(stateCount)

        for symbol in 0..<width {
            let target = Int(next[symbol])
            if target > 0 {
                failure[target] = 0
                queue.append(target)
            } else {
                next[symbol] = 0
            }
        }

        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            terms[state].append(contentsOf: terms[failure[state]])
            for symbol in 0..<width {
                let slot = state * width + symbol
                let target = Int(next[slot])
                let fallback = next[failure[state] * width + symbol]
                if target > 0 {
                    failure[target] = Int(fallback)
                    queue.append(target)
                } else {
                    next[slot] = fallback
                }
            }
        }

        return layOut(next: next, terms: terms)
    }

    /// Lays out the table with the reporting states last.
    ///
    /// Every reporting state ends in a separator and loops to itself on further
    /// separators. So that the loop does not report the same terms again, each reporting
    /// state gets a silent twin: the same transitions without terms, which the separator
    /// loop enters instead.
    private func layOut(next: [Int32], terms: [[Int32]]) -> TermAutomaton {
        let width = ByteClass.count
        let separator = Int(ByteClass.separator)
        let reporting = terms.indices.filter { !terms[$0].isEmpty }
        let silent = terms.indices.filter { terms[$0].isEmpty }

        var newIndex = [Int](repeating: 0, count: terms.count)
        var twinIndex = [Int](repeating: 0, count: terms.count)
        for (position, state) in silent.enumerated() { newIndex[state] = position }
        for (offset, state) in reporting.enumerated() {
            twinIndex[state] = silent.count + offset
            newIndex[state] = silent.count + reporting.count + offset
        }
        let total = silent.count + 2 * reporting.count

        var table = [Int32](repeating: 0, count: total * width)
        func fill(_ row: Int, from state: Int, separatorTarget: Int) {
            for symbol in 0..<width {
                table[row * width + symbol] = Int32(
                    newIndex[Int(next[state * width + symbol])] * width)
            }
            table[row * width + separator] = Int32(separatorTarget * width)
        }
        for state in silent {
            let loops = state != 0 && incomingClass[state] == ByteClass.separator
            let target = loops ? newIndex[state] : newIndex[Int(next[state * width + separator])]
            fill(newIndex[state], from: state, separatorTarget: target)
        }
        for state in reporting {
            fill(newIndex[state], from: state, separatorTarget: twinIndex[state])
            fill(twinIndex[state], from: state, separatorTarget: twinIndex[state])
        }

        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        var byNewIndex = [[Int32]](repeating: [], count: total)
        for state in reporting { byNewIndex[newIndex[state]] = Set(terms[state]).sorted() }
        for list in byNewIndex {
            outputs.append(contentsOf: list)
            outputStart.append(Int32(outputs.count))
        }

        let start = newIndex[Int(next[separator])]
        return TermAutomaton(
            transitions: table,
            firstReportingRow: Int32((silent.count + reporting.count) * width),
            outputStart: outputStart, outputs: outputs, startRow: Int32(start * width),
            termLengths: termLengths)
    }
}
