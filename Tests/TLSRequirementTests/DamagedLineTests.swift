import Mail
import Testing

@testable import TLSRequirement

/// A Received line without structure is damaged, not a marker, and never internal.
@Suite struct DamagedLineTests {
    @Test func garbageLineIsNotMarker() {
        let header = ReceivedParser.parse(Array("garbage line without structure".utf8))
        #expect(header.origin == .network)
        #expect(header.problems.contains("no from or by clause"))
        #expect(ReceivedChainAnalyzer.isDamaged(header))
    }

    @Test func commentOnlyLineStaysMarker() {
        let header = ReceivedParser.parse(
            Array("(qmail 123 invoked from network); 1 Jan 2026 00:00:00 -0000".utf8))
        guard case .marker = header.origin else {
            Issue.record("expected a marker, got \(header.origin)")
            return
        }
        #expect(!ReceivedChainAnalyzer.isDamaged(header))
    }
}
