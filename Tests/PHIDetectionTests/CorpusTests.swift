import Foundation
import Testing

@testable import PHIDetection

/// Runs the detectors on the decoded text views of the corpus messages.
@Suite struct CorpusTests {
    static let names = Fixtures.messageNames

    @Test(arguments: names)
    func verdictMatchesExpectation(name: String) throws {
        let expected = try #require(try Fixtures.expectations()[name])
        let assessment = Fixtures.detector.assess(try Fixtures.parsedMessage(name))
        let kinds = assessment.kinds.map(\.rawValue)
        #expect(
            assessment.isSensitive == expected.phi,
            "\(name): got phi=\(assessment.isSensitive) score=\(assessment.score) kinds=\(kinds)")
    }

    @Test(arguments: names)
    func expectedKindsFound(name: String) throws {
        let expected = try #require(try Fixtures.expectations()[name])
        let assessment = Fixtures.detector.assess(try Fixtures.parsedMessage(name))
        let found = Set(assessment.kinds.map(\.rawValue))
        let missing = Set(expected.identifiers).subtracting(found)
        #expect(missing.isEmpty, "\(name): missing \(missing.sorted()), found \(found.sorted())")
    }

    @Test(arguments: names.filter { $0.hasPrefix("n") || $0 == "B45" || $0 == "B47" })
    func negativesReportNoIdentifier(name: String) throws {
        let assessment = Fixtures.detector.assess(try Fixtures.parsedMessage(name))
        let identifiers = assessment.kinds.filter { $0.side == .identifier }
        #expect(identifiers.isEmpty, "\(name): found \(identifiers.map(\.rawValue))")
    }
}
