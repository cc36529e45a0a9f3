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
    /// target row's offset shifted left by one; bit 0 is set when the target state reports
    /// terms, which keeps the common case down to one load and one test.
    let transitions: [Int32]
    /// `outputs[outputStart[state] ..< outputStart[state + 1]]` are the term ids that end
    /// at `state`, including those of shorter suffixes.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// The row offset of the state after the virtual leading separator.
    let startRow: Int32
    /// The length of each term in symbols, separators collapsed, padding excluded.
    let termLengths: [Int32]
    /// A bit for each triple of symbols `a, b, c`, at index `(a * count + b) * count + c`,
    /// set when a word starting with those symbols can begin a term. A word whose first three
    /// symbols have no bit set leads the automaton to its root state, so the scanner skips it.
    /// A separator as `b` or `c` stands for the end of a shorter word.
    let wordStartFilter: [UInt64]

    var stateCount: Int { outputStart.count - 1 }

    /// Returns the term ids reported by the state whose row offset is `row`.
    @inline(__always)
    func terms(atRow row: Int) -> ArraySlice<Int32> {
        let state = row / ByteClass.count
        return outputs[Int(outputStart[state])..<Int(outputStart[state + 1])]
    }
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
            if symbol == ByteClass.separator && (result.last ?? ByteClass.separator)
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

    private func layOut(next: [Int32], terms: [[Int32]]) -> TermAutomaton {
        let width = ByteClass.count
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for list in terms {
            outputs.append(contentsOf: Set(list).sorted())
            outputStart.append(Int32(outputs.count))
        }

        var table = [Int32](repeating: 0, count: next.count)
        for slot in 0..<next.count {
            let target = Int(next[slot])
            let reports: Int32 = terms[target].isEmpty ? 0 : 1
            table[slot] = Int32(target * width) << 1 | reports
        }
        // A separator after a separator leaves the state unchanged and reports nothing new.
        for state in 1..<terms.count where incomingClass[state] == ByteClass.separator {
            table[state * width + Int(ByteClass.separator)] = Int32(state * width) << 1
        }

        let start = Int(next[Int(ByteClass.separator)])
        return TermAutomaton(
            transitions: table, outputStart: outputStart, outputs: outputs,
            startRow: Int32(start * width), termLengths: termLengths,
            wordStartFilter: wordStartFilter(from: start))
    }

    /// Sets a bit for every word start that follows a trie path from `start`, the state
    /// after a separator.
    private func wordStartFilter(from start: Int) -> [UInt64] {
        let width = ByteClass.count
        let separator = Int(ByteClass.separator)
        var bits = [UInt64](repeating: 0, count: (width * width * width + 63) / 64)
        func set(_ a: Int, _ b: Int, _ c: Int) {
            let index = (a * width + b) * width + c
            bits[index / 64] |= 1 << UInt64(index % 64)
        }
        func child(_ state: Int, _ symbol: Int) -> Int? {
            let target = Int(children[state * width + symbol])
            return target > 0 ? target : nil
        }

        for a in 1..<width {
            guard let first = child(start, a) else { continue }
            for b in 0..<width {
                guard let second = child(first, b) else { continue }
                if b == separator {
                    for c in 0..<width { set(a, b, c) }
                    continue
                }
                for c in 0..<width where child(second, c) != nil { set(a, b, c) }
            }
        }
        return bits
    }
}
