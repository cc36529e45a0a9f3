/// An Aho-Corasick automaton over `ByteClass` symbols, compiled to a dense table so that a
/// scan does one table lookup per input byte.
///
/// Every term is stored with one separator before and one after it, and the scan starts
/// as if the text were preceded by a separator and ends by feeding one more. A term is
/// therefore found only as whole words. A state reached by a separator loops to itself on
/// further separators, so runs of white space and punctuation count as one separator, in
/// the text as in the terms.
struct TermAutomaton: Sendable {
    /// The width of a row of the transition table. It is a power of two above
    /// `ByteClass.count`, so that a state's row starts at `state << columnShift`.
    static let columnCount = 64
    static let columnShift = 6

    /// The column of each byte value. Letters come first, then the separator, then the
    /// class of bytes 0x80 and above, and digits last. With two-byte entries, the columns
    /// that prose uses then lie in the first 64 bytes of a row: one cache line per state.
    let columns: [UInt8]
    /// Transition table, one row of `columnCount` entries per state. Each entry is the
    /// target state.
    let transitions: TransitionTable
    /// States from this one on report terms. The layout puts them last, so the scanner
    /// tests one comparison per byte.
    let firstReportingState: Int
    /// The terms that the reporting state `firstReportingState + r` reports, at index `r`.
    let reports: [Report]
    /// The further terms of reporting states that report more than one.
    let moreOutputs: [TermOutput]
    /// The state after the virtual leading separator.
    let startState: Int
    /// The length of each term in symbols, separators collapsed, padding excluded.
    let termLengths: [Int32]

    var stateCount: Int { transitions.count >> TermAutomaton.columnShift }

    /// The entries of the transition table: two bytes each while the states fit, which
    /// keeps the table small in the cache, and four bytes for larger dictionaries.
    enum TransitionTable: Sendable {
        case narrow([UInt16])
        case wide([UInt32])

        init(_ entries: [UInt32]) {
            if entries.allSatisfy({ $0 <= UInt32(UInt16.max) }) {
                self = .narrow(entries.map { UInt16($0) })
            } else {
                self = .wide(entries)
            }
        }

        var count: Int {
            switch self {
            case .narrow(let entries): entries.count
            case .wide(let entries): entries.count
            }
        }
    }

    /// The terms that one reporting state reports: the terms that end there, including
    /// those of shorter suffixes, in order of their id. Most states report one term, which
    /// the scanner then reads with one load.
    struct Report {
        var first: TermOutput
        /// `moreOutputs[moreStart ..< moreStart + moreCount]` are the other terms.
        var moreStart: Int32
        var moreCount: Int32
    }

    /// A term that a reporting state reports.
    struct TermOutput {
        var term: Int32
        /// The term's length in bytes when it is one word, or 0 for a term of several
        /// words, whose length in the text depends on the separators between its words. A
        /// symbol other than the separator stands for exactly one byte.
        var wordByteLength: Int32
    }

    /// Returns the table column of the byte class `symbol`.
    static func column(of symbol: UInt8) -> UInt8 {
        switch symbol {
        case ByteClass.firstLetter..<ByteClass.nonASCII: symbol - ByteClass.firstLetter
        case ByteClass.separator: 26
        case ByteClass.nonASCII: 27
        default: 28 + (symbol - ByteClass.firstDigit)
        }
    }
}

/// Builds a `TermAutomaton` from terms written as text.
struct TermAutomatonBuilder {
    private var children: [Int32] = []
    private var ownTerms: [[Int32]] = []
    private var incomingClass: [UInt8] = []
    private(set) var termLengths: [Int32] = []
    private var wordTermByteLengths: [Int32] = []

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
        let isOneWord = !symbols.contains(ByteClass.separator)
        wordTermByteLengths.append(isOneWord ? Int32(symbols.count) : 0)
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

        return layOut(next: next, terms: terms, order: preorder())
    }

    /// Returns the states of the trie in depth-first preorder, children in symbol order.
    private func preorder() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(ownTerms.count)
        var stack = [0]
        while let state = stack.popLast() {
            order.append(state)
            for symbol in (0..<ByteClass.count).reversed() {
                let child = children[state * ByteClass.count + symbol]
                if child > 0 { stack.append(Int(child)) }
            }
        }
        return order
    }

    /// Lays out the table with the reporting states last.
    ///
    /// Every reporting state ends in a separator and loops to itself on further
    /// separators. So that the loop does not report the same terms again, each reporting
    /// state gets a silent twin: the same transitions without terms, which the separator
    /// loop enters instead. Silent states are numbered in depth-first order of the trie, so
    /// that reading a word along a path of the trie visits consecutive rows, which the
    /// processor's prefetcher can fetch ahead.
    private func layOut(next: [Int32], terms: [[Int32]], order: [Int]) -> TermAutomaton {
        let width = ByteClass.count
        let separator = Int(ByteClass.separator)
        let reporting = order.filter { !terms[$0].isEmpty }
        let silent = order.filter { terms[$0].isEmpty }

        var newIndex = [Int](repeating: 0, count: terms.count)
        var twinIndex = [Int](repeating: 0, count: terms.count)
        for (position, state) in silent.enumerated() { newIndex[state] = position }
        for (offset, state) in reporting.enumerated() {
            twinIndex[state] = silent.count + offset
            newIndex[state] = silent.count + reporting.count + offset
        }
        let total = silent.count + 2 * reporting.count

        let columns = (0..<width).map { Int(TermAutomaton.column(of: UInt8($0))) }
        var table = [UInt32](repeating: 0, count: total * TermAutomaton.columnCount)
        func fill(_ row: Int, from state: Int, separatorTarget: Int) {
            let base = row << TermAutomaton.columnShift
            for symbol in 0..<width {
                table[base + columns[symbol]] = UInt32(newIndex[Int(next[state * width + symbol])])
            }
            table[base + columns[separator]] = UInt32(separatorTarget)
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

        var reports: [TermAutomaton.Report] = []
        var moreOutputs: [TermAutomaton.TermOutput] = []
        for state in reporting {
            let outputs = Set(terms[state]).sorted().map { term in
                TermAutomaton.TermOutput(term: term, wordByteLength: wordTermByteLengths[Int(term)])
            }
            reports.append(
                TermAutomaton.Report(
                    first: outputs[0], moreStart: Int32(moreOutputs.count),
                    moreCount: Int32(outputs.count - 1)))
            moreOutputs.append(contentsOf: outputs.dropFirst())
        }

        return TermAutomaton(
            columns: ByteClass.table.map { TermAutomaton.column(of: $0) },
            transitions: TermAutomaton.TransitionTable(table),
            firstReportingState: silent.count + reporting.count, reports: reports,
            moreOutputs: moreOutputs, startState: newIndex[Int(next[separator])],
            termLengths: termLengths)
    }
}

/// The integer types of transition table entries.
protocol TransitionEntry: FixedWidthInteger, UnsignedInteger {}

extension UInt16: TransitionEntry {}

extension UInt32: TransitionEntry {}

extension TermAutomaton.TransitionTable {
    /// Calls `body` with the table's bytes and whether its entries are `UInt32`.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer, Bool) -> Result) -> Result {
        switch self {
        case .narrow(let entries): entries.withUnsafeBytes { body($0, false) }
        case .wide(let entries): entries.withUnsafeBytes { body($0, true) }
        }
    }
}
