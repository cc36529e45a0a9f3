import Testing

@testable import PHIDetection

/// Tests of the term automaton and the dictionary file format.
@Suite struct AutomatonTests {
    private func dictionary(_ text: String) throws -> TermDictionary {
        try TermDictionary(sources: [DictionarySource(name: "test.txt", bytes: Array(text.utf8))])
    }

    private func matches(_ text: String, in dictionary: TermDictionary) -> [String] {
        let bytes = Array(text.utf8)
        let scan = bytes.withUnsafeBufferPointer { TextScanner(dictionary: dictionary).scan($0) }
        return scan.hits.map { dictionary.texts[Int($0.term)] }
    }

    @Test func findsWholeWordsOnly() throws {
        let terms = try dictionary("[drug]\ninsulin\nasa\n")
        #expect(matches("started insulin today", in: terms) == ["insulin"])
        #expect(matches("insulinoma and Nasal spray", in: terms) == [])
    }

    @Test func ignoresCaseAndSeparatorRuns() throws {
        let terms = try dictionary("[diagnosis]\ntype 2 diabetes\n")
        for text in ["TYPE 2 DIABETES", "type-2  diabetes", "Type\t2\n diabetes."] {
            #expect(matches(text, in: terms) == ["type 2 diabetes"], "\(text)")
        }
    }

    @Test func reportsOverlappingTerms() throws {
        let terms = try dictionary("[diagnosis]\ndiabetes\ndiabetes mellitus\ntype 2 diabetes\n")
        let found = matches("type 2 diabetes mellitus", in: terms).sorted()
        #expect(found == ["diabetes", "diabetes mellitus", "type 2 diabetes"])
    }

    @Test func hitPositionsCoverTheTerm() throws {
        let terms = try dictionary("[dob_label]\ndate of birth\n")
        let text = Array("x  Date  of birth: 1".utf8)
        let scan = text.withUnsafeBufferPointer { TextScanner(dictionary: terms).scan($0) }
        let hit = try #require(scan.hits.first)
        #expect(hit.start == 3)
        #expect(hit.end == 17)
    }

    @Test func findsTermsAtTextEnds() throws {
        let terms = try dictionary("[ssn_label]\nssn\n")
        #expect(matches("ssn", in: terms) == ["ssn"])
        #expect(matches("SSN: x ssn", in: terms) == ["ssn", "ssn"])
    }

    @Test func mergesRolesOfRepeatedTerms() throws {
        let terms = try dictionary("[patient_word]\npatient\n[patient_name_label]\npatient\n")
        #expect(terms.count == 1)
        #expect(terms.roles[0] == [.patientWord, .patientNameLabel])
    }

    @Test func keepsWordListsOutOfTheAutomaton() throws {
        let terms = try dictionary("[common_word]\nbelow\n[drug]\naspirin\n")
        #expect(terms.count == 1)
        #expect(terms.wordLists[.commonWord] == ["below"])
    }

    @Test func rejectsTermBeforeSection() {
        #expect(throws: PHIDetectionError.self) { try dictionary("aspirin\n") }
    }

    @Test func rejectsUnknownSection() {
        do {
            _ = try dictionary("# list\n[drugs]\naspirin\n")
            Issue.record("an unknown section was accepted")
        } catch {
            #expect("\(error)".hasPrefix("test.txt:2:"), "\(error)")
            #expect("\(error)".contains("unknown section 'drugs'"), "\(error)")
        }
    }

    @Test func builtInDictionariesLoad() throws {
        let detector = try PHIDetector()
        #expect(detector.termCount > 2000, "only \(detector.termCount) built-in terms")
    }
}

/// Scanning a long text in four interleaved segments gives the same result as one stream.
@Suite struct SegmentedScanTests {
    static let lines = [
        "Patient: Delphine Okonkwo-Hale, DOB 11/02/1963, SSN 643-28-1590",
        "Dx: type 2", "diabetes mellitus (E11.9) and essential", "hypertension (I10)",
        "Call (617) 555-0142 or +1 617 555 0199 about metformin 1000 mg",
        "Order number 1734829108 shipped; tracking 482915603",
        "Card Visa 4539 7180 2264 5310 exp 08/28 for the colonoscopy with biopsy",
        "MRN 00917342 Member ID: XGM804412375 Group number: 0048813",
    ]

    private func scans(_ text: String) -> (split: ViewScan, single: ViewScan) {
        let scanner = TextScanner(dictionary: Fixtures.detector.analyzer.dictionary)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            (scanner.scan(buffer), scanner.scan(buffer, split: false))
        }
    }

    private func describe(_ scan: ViewScan) -> [String] {
        scan.hits.map { "hit \($0.start)-\($0.end):\($0.term)" }
            + scan.candidates.map { candidate in
                let groups = scan.groups(of: candidate).map { "\($0.start)-\($0.end)" }
                return "number \(candidate.start)-\(candidate.end) \(groups)"
            }
    }

    @Test(arguments: [" ", "\n", "  \n\n"])
    func splitScanMatchesSingleStream(separator: String) {
        var text = ""
        var index = 0
        while text.utf8.count < 6000 {
            text += Self.lines[index % Self.lines.count] + separator
            index += 1
        }
        let result = scans(text)
        let bounds = Array(text.utf8).withUnsafeBufferPointer { TextScanner.segmentBounds($0) }
        #expect(bounds.count == 5)
        #expect(describe(result.split) == describe(result.single))
        #expect(result.split.hits.count > 100)
    }

    @Test func shortTextIsOneSegment() {
        let text = Array("Patient: Ana Lopez".utf8)
        #expect(text.withUnsafeBufferPointer { TextScanner.segmentBounds($0) } == [0, text.count])
    }
}
