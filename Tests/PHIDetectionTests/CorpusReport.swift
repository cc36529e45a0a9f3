import Foundation
import Testing

@testable import PHIDetection

/// Prints what the detectors found in each corpus message, for reading test logs. It
/// checks only that every message was scanned.
@Suite struct CorpusReport {
    @Test func everyMessageScanned() throws {
        for name in Fixtures.messageNames {
            let assessment = Fixtures.detector.assess(try Fixtures.parsedMessage(name))
            let groups = assessment.groups.map { "\($0.rule)x\($0.count)" }.joined(separator: " ")
            let low = assessment.lowConfidence.map { "\($0.key.rawValue):\($0.value)" }
            print(
                "REPORT \(name) phi=\(assessment.isSensitive) score=\(assessment.score) "
                    + "\(groups) low=\(low)"
            )
            #expect(assessment.scannedBytes > 0, "\(name): nothing scanned")
        }
    }
}
