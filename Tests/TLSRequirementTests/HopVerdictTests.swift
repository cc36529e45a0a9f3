import Mail
import TLSRequirement
import Testing

/// Checks the TLS verdict of every single-line case of the Received corpus copy.
@Suite struct HopVerdictTests {
    let classifier = HopClassifier()

    @Test func casesAreLoaded() {
        #expect(TLSFixtures.hopCases().count >= 33)
    }

    @Test(arguments: TLSFixtures.hopCases())
    func verdictMatchesCase(_ testCase: HopCase) {
        let result = classifier.classify(ReceivedParser.parse(testCase.header))
        #expect(result.tls.rawValue == testCase.tls, "\(result.reason)")
    }
}
