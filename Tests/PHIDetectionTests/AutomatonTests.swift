import Testing

@testable import PHIDetection

/// The term automaton and the dictionary file format.
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
