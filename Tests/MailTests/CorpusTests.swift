import Mail
import Testing

/// The synthetic PHI messages and the MIME failure cases of other mail filters, copied
/// into Tests/Fixtures/mime/corpus: after parsing, every identifier must be visible in a
/// text view, whole.
@Suite("Corpus identifiers")
struct CorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let identifiers: [String]
        var testDescription: String { file }
    }

    /// Identifiers read off the raw files by hand, not from the parser's output.
    static let cases: [Case] = [
        Case(
            file: "p01_plain_referral_ssn_dob.eml",
            identifiers: ["Delphine Okonkwo-Hale", "11/02/1963", "643-28-1590", "E11.9"]),
        Case(
            file: "p02_base64_plain_lab_results.eml",
            identifiers: ["Ruben Castellanos", "MRN: 4471029", "07/19/1968", "E11.65"]),
        Case(
            file: "p03_qp_softbreak_splits_ssn.eml",
            identifiers: ["Social Security number is 412-73-9051", "Ingrid Solvang", "F32.9"]),
        Case(
            file: "p04_html_tags_between_digits.eml",
            identifiers: ["Ruben Castellanos", "07/19/1968", "SSN\t529-41-7836"]),
        Case(
            file: "p05_rfc2047_b_subject_phi.eml",
            identifiers: ["Teodoro Valcárcel", "MRN 00917342", "DOB 08/02/1949", "CHF"]),
        Case(
            file: "p06_multipart_alternative_rx_npi_dea.eml",
            identifiers: [
                "Wendell Akers", "03/27/1955", "0406-0512-01", "1492837160",
                "BR5930284", "oxycodone",
            ]),
        Case(
            file: "p07_mixed_csv_attachment_patients.eml",
            identifiers: [
                "Noor Haddadin,1971-05-14,6620418,SCP4471880213",
                "Silas Thornquist,1966-10-11,6620911,SCP4471881305",
            ]),
        Case(
            file: "p08_forwarded_rfc822_mbi_claim.eml",
            identifiers: ["Percival Ameh", "7QT2-WF8-KN41", "01/15/1947", "J44.1"]),
        Case(
            file: "p11_lf_only_mbi.eml",
            identifiers: ["Mirela Dragomir", "05/30/1951", "3HD9XP2GA55", "K50.90"]),
        Case(
            file: "p12_crlf_member_id_prior_auth.eml",
            identifiers: ["Elias Brookfield-Nakamura", "XGM804412375", "09/14/1979", "M54.16"]),
        Case(
            file: "p14_patient_billing_credit_card.eml",
            identifiers: ["Lucinda Farrow-Baptiste", "200-418-7731", "4539 7180 2264 5310"]),
        Case(
            file: "p16_unformatted_ssn_keyword.eml",
            identifiers: ["SSN 267408815", "Silas Thornquist", "K85.90"]),
        Case(file: "B03.eml", identifiers: ["Alice Example", "372-81-4096", "1961-03-14"]),
        Case(file: "B31.eml", identifiers: ["372-81-4096", "00482913", "219-44-7310"]),
        Case(file: "B32.eml", identifiers: ["Alice Example", "372-81-4096", "1961-03-14"]),
        Case(file: "B33.eml", identifiers: ["Alice Example", "372-81-4096", "patient export.txt"]),
        Case(
            file: "B34.eml",
            identifiers: ["SSN: 372-81-4096", "SSN: 372-81-4096 for Alice Example"]),
        Case(
            file: "B35.eml", identifiers: ["Alice Example", "SSN: 372-81-4096", "DOB: 1961-03-14"]),
        Case(file: "B37.eml", identifiers: ["Alice Example", "372-81-4096", "00482913"]),
        Case(
            file: "B38.eml",
            identifiers: [
                "Alice Example, MRN 00482913, DOB 1961-03-14",
                "Alice Example,372-81-4096",
            ]),
        Case(
            file: "B39.eml",
            identifiers: [
                "Für Alice Example, SSN 372-81-4096", "DOB 1961-03-14",
                "MRN 00482913", "Befund für Alice Example",
            ]),
        Case(file: "B41.eml", identifiers: ["Zoë Example, SSN 372-81-4096, Lungenentzündung"]),
        Case(file: "B42.eml", identifiers: ["Alice Example, SSN 372-81-4096", "DOB 1961-03-14"]),
        Case(file: "B46.eml", identifiers: ["(202)\t555\t0143", "tel:+12025550187"]),
        Case(
            file: "B49.eml", identifiers: ["Patient Alice Example\nSSN 372-81-4096", "1961-03-14"]),
    ]

    @Test(arguments: cases)
    func identifiersAreVisible(_ testCase: Case) throws {
        let message = try Fixtures.parse("corpus/" + testCase.file)
        let text = message.allText
        for identifier in testCase.identifiers {
            #expect(text.contains(identifier), "\(identifier) missing from:\n\(text)")
        }
        #expect(!text.contains("\u{FFFD}"))
    }

    @Test func b42FindsIdentifiersInBothAlternatives() throws {
        let message = try Fixtures.parse("corpus/B42.eml")
        for path in ["1.1", "1.2"] {
            #expect(message.text(of: path).contains("372-81-4096"))
            #expect(message.text(of: path).contains("1961-03-14"))
        }
    }

    @Test func b31HasTwoPartsAndScannedEpilogue() throws {
        let message = try Fixtures.parse("corpus/B31.eml")
        #expect(message.paths == ["1", "1.1", "1.2"])
        #expect(message.problems.isEmpty)
        let epilogue = message.textViews(of: "1").first { $0.kind == .epilogue }
        #expect(epilogue?.string.contains("219-44-7310") == true)
    }

    @Test func b32LookAlikeLineIsNotADelimiter() throws {
        let message = try Fixtures.parse("corpus/B32.eml")
        #expect(message.paths == ["1", "1.1", "1.2"])
        #expect(message.text(of: "1.1").contains("--Sect--Extra"))
        #expect(message.parts[2].filename == "chart.txt")
        #expect(message.problemKinds == [.missingFinalBoundary])
    }

    @Test func b33AssemblesBoundaryAndNames() throws {
        let message = try Fixtures.parse("corpus/B33.eml")
        #expect(message.paths == ["1", "1.1", "1.2"])
        #expect(message.parts[2].filename == "patient export.txt")
        #expect(message.parts[2].scan == .scanned)
    }

    @Test func b35ReportsDamageAndDecodesBothRecords() throws {
        let message = try Fixtures.parse("corpus/B35.eml")
        #expect(message.problemKinds == [.invalidBase64])
        #expect(message.parts[0].scan == .scanned)
    }

    @Test func b37FlagsAnomalyAndReadsBothStructures() throws {
        let message = try Fixtures.parse("corpus/B37.eml")
        #expect(message.problemKinds.contains(.duplicateContentHeader))
        #expect(message.alternativeReadings.count == 1)
        let alternative = try #require(message.alternativeReadings.first)
        #expect(alternative.parts.map(\.contentType).contains("multipart/mixed"))
        #expect(alternative.problems.map(\.kind).contains(.nestedBoundaryReuse))
        let alternativeText = message.textViews.filter { $0.reading != nil }.map(\.string)
        #expect(alternativeText.contains { $0.contains("372-81-4096") })
    }

    @Test func b38KeepsInnerHeadersSeparate() throws {
        let message = try Fixtures.parse("corpus/B38.eml")
        #expect(
            message.contentTypes == [
                "multipart/mixed", "text/plain", "message/rfc822", "multipart/mixed", "text/plain",
                "text/csv",
            ])
        #expect(
            message.headers.first(named: "From")?.decodedValue() == "Bob Sender <bob@example.com>")
        #expect(message.text(of: "1.2.1").contains("From: Dana Doctor <dana@example.com>"))
        #expect(!message.text(of: "1").contains("Dana Doctor"))
    }

    @Test func b39ReportsEveryCharsetProblem() throws {
        let message = try Fixtures.parse("corpus/B39.eml")
        #expect(message.problemKinds == [.unknownCharset, .unknownCharset, .unknownCharset])
        #expect(
            message.problems.first?.detail.contains("Subject: unknown charset 'x-bogus-cs'") == true
        )
        #expect(message.parts.allSatisfy { $0.scan != .notScanned(.binaryContent) })
    }

    @Test func b23DisplayNamesCannotReplaceAddresses() throws {
        let message = try Fixtures.parse("corpus/B23.eml")
        let from = AddressListParser.parse(try #require(message.headers.first(named: "From")))
        #expect(from.flatMap(\.mailboxes).map(\.address) == ["bob@example.com"])
        #expect(from.first?.mailboxes.first?.displayName == "Bob <compliance@example.org>")
        let to = AddressListParser.parse(try #require(message.headers.first(named: "To")))
        #expect(
            to.flatMap(\.mailboxes).map(\.address) == [
                "\"dr. alice\"@example.org", "\"a b\"@example.org", "carol@example.org",
            ])
        let subject = message.headers.first(named: "Subject")?.decodedValue()
        #expect(subject == "results  X-PHI-Verdict: clean")
    }

    @Test func b05KeepsEmptyAndFoldedValues() throws {
        let message = try Fixtures.parse("corpus/B05.eml")
        let names = message.headers.map(\.name)
        #expect(
            names.prefix(6) == [
                "From", "To", "Subject", "Message-ID", "Keywords", "X-Empty-Folded",
            ])
        #expect(message.headers[2].rawValue.isEmpty)
        #expect(message.headers[3].rawValue.text == "\r\n <20260303101500.77f1@mail.example.com>")
        #expect(message.headers[3].decodedValue() == "<20260303101500.77f1@mail.example.com>")
        #expect(message.headers[5].rawValue.text == "\r\n\t")
        #expect(message.headers[5].decodedValue() == "")
    }

    @Test func attributeDigitsAreNotVisible() throws {
        let message = try Fixtures.parse("corpus/n11_html_digits_in_attributes.eml")
        for number in ["318550274", "1492837161", "771560342", "1761843204"] {
            #expect(!message.allText.contains(number))
        }
        #expect(message.allText.contains("Lakeside Pharmacy"))
        #expect(message.allText.contains("Find a location"))
    }
}
