import Testing

@testable import PHIDetection

/// The fast scanning paths against the plain scan: the interleaved term scan, the number
/// search eight bytes at a time, and the wide transition table must find exactly what a
/// byte-by-byte scan finds, in the same order.
@Suite struct ScanPathTests {
    static let dictionary = Fixtures.detector.analyzer.dictionary

    /// Returns the hits, candidates and groups of a scan as comparable lines.
    private func describe(_ scan: ViewScan) -> [String] {
        scan.hits.map { "hit \($0.start)-\($0.end):\($0.term)" }
            + scan.candidates.map { candidate in
                let groups = scan.groups(of: candidate).map {
                    "\($0.start)-\($0.end):\($0.digits)/\($0.letters)"
                }
                return "number \(candidate.start)-\(candidate.end) \(groups)"
            }
    }

    private func scans(_ text: [UInt8], dictionary: TermDictionary = dictionary)
        -> (fast: [String], plain: [String])
    {
        let scanner = TextScanner(dictionary: dictionary)
        return text.withUnsafeBufferPointer { buffer in
            (describe(scanner.scan(buffer)), describe(scanner.scan(buffer, split: false)))
        }
    }

    /// Reports the first line where the two scans differ, instead of two long lists.
    private func expectSame(_ fast: [String], _ plain: [String], _ label: String) {
        let firstDifference = zip(fast, plain).enumerated().first { $0.element.0 != $0.element.1 }?
            .offset
        #expect(fast.count == plain.count, "\(label): \(fast.count) vs \(plain.count) items")
        if let index = firstDifference {
            Issue.record("\(label): item \(index) is \(fast[index]), plain scan \(plain[index])")
        }
    }

    @Test(arguments: Fixtures.messageNames)
    func fastScanMatchesPlainOnCorpus(name: String) throws {
        for view in try Fixtures.views(name) {
            let result = scans(view.text)
            expectSame(result.fast, result.plain, "\(name) part \(view.partPath)")
        }
    }

    @Test(arguments: [0, 1, 7, 100, 255, 256, 257, 1_000, 4_095, 4_096, 4_097, 9_000, 30_000])
    func fastScanMatchesPlainOnRandomText(length: Int) {
        var random = RandomText(seed: UInt64(length) + 1)
        let terms = ScanPathTests.dictionary.texts
        for round in 0..<20 {
            let text = random.text(length: length, terms: terms)
            let result = scans(Array(text.prefix(length)))
            expectSame(result.fast, result.plain, "length \(length) round \(round)")
        }
    }

    @Test func randomTextFindsTermsAndNumbers() {
        var random = RandomText(seed: 99)
        let text = random.text(length: 20_000, terms: ScanPathTests.dictionary.texts)
        let scan = text.withUnsafeBufferPointer {
            TextScanner(dictionary: ScanPathTests.dictionary).scan($0)
        }
        #expect(scan.hits.count > 500)
        #expect(scan.candidates.count > 200)
    }

    @Test func numberSearchMatchesPlainAtWordEdges() {
        // Runs of digits that start and end at every offset of the eight-byte words, runs
        // longer than a word, and numbers longer than the longest group.
        var texts: [[UInt8]] = []
        for offset in 0..<17 {
            for length in [1, 5, 8, 9, 16, 41, 60] {
                var text = [UInt8](repeating: 0x61, count: offset)
                text += [UInt8](repeating: 0x37, count: length)
                text += Array(" x 123-45-6789 tail 9".utf8)
                texts.append(text)
                texts.append(Array(text.prefix(offset + length)))
            }
        }
        for (index, text) in texts.enumerated() {
            var fast = ViewScan()
            var plain = ViewScan()
            text.withUnsafeBufferPointer { buffer in
                NumberScan.scan(buffer, into: &fast)
                NumberScan.scanPlain(buffer, into: &plain)
            }
            expectSame(describe(fast), describe(plain), "text \(index)")
        }
    }

    @Test func digitMaskMarksDigitsOnly() {
        for value in 0..<256 {
            let byte = UInt8(value)
            // Letters around the byte under test, which is byte 2 of the word.
            let word = UInt64(byte) << 16 | 0x4141_4141_4100_4141
            let expected: UInt64 = ASCII.isDigit(byte) ? 0x0080_0000 : 0
            #expect(NumberScan.digitMask(word) == expected, "byte \(value)")
        }
    }

    /// A dictionary of random ten-letter words, large enough that its automaton needs
    /// more than 65,535 states and so four-byte table entries.
    static let wideDictionary: TermDictionary? = {
        var random = RandomText(seed: 7)
        var text = "[drug]\n"
        for _ in 0..<8_000 {
            let word = (0..<10).map { _ in UInt8(0x61 + random.next(26)) }
            text += String(decoding: word, as: UTF8.self) + "\n"
        }
        text += "[diagnosis]\ntype 2 diabetes\ndiabetes\n"
        let source = DictionarySource(name: "wide", bytes: Array(text.utf8))
        return try? TermDictionary(sources: [source])
    }()

    @Test func wideTableScansLikePlain() throws {
        let dictionary = try #require(ScanPathTests.wideDictionary)
        guard case .wide = dictionary.automaton.transitions else {
            Issue.record("\(dictionary.automaton.stateCount) states fit two-byte entries")
            return
        }
        var random = RandomText(seed: 11)
        for length in [300, 5_000, 12_000] {
            let text = random.text(length: length, terms: dictionary.texts)
            let result = scans(text, dictionary: dictionary)
            expectSame(result.fast, result.plain, "wide table, length \(length)")
            #expect(result.fast.count > length / 40, "only \(result.fast.count) items")
        }
    }

    @Test func builtInTableUsesNarrowEntries() {
        guard case .narrow = ScanPathTests.dictionary.automaton.transitions else {
            Issue.record("the built-in dictionaries no longer fit two-byte table entries")
            return
        }
    }
}
