import Testing

@testable import PHIDetection

/// Tests that compare the trigger search, which jumps from one possible first byte to the
/// next, with a byte-by-byte search on random texts with triggers in mixed case.
@Suite struct TriggerMatcherTests {
    /// Returns the offset of the first trigger in `text`, ignoring ASCII case, by trying
    /// every offset in turn.
    static func reference(_ triggers: [String], in text: [UInt8]) -> Int? {
        let needles = triggers.map { Array($0.utf8).map(ASCII.lowercased) }.filter {
            !$0.isEmpty
        }
        for start in text.indices {
            for needle in needles where start + needle.count <= text.count {
                let window = text[start..<(start + needle.count)].map(ASCII.lowercased)
                if window == needle { return start }
            }
        }
        return nil
    }

    static func randomText(_ random: inout RandomText, triggers: [String]) -> [UInt8] {
        let alphabet = Array("abcSEcure[]ENCRYPT ypt.\n".utf8)
        var text: [UInt8] = []
        for _ in 0..<random.next(400) {
            if random.next(50) == 0 && !triggers.isEmpty {
                for byte in triggers[random.next(triggers.count)].utf8 {
                    text.append(random.next(2) == 0 ? ASCII.uppercased(byte) : byte)
                }
            } else {
                text.append(alphabet[random.next(alphabet.count)])
            }
        }
        return text
    }

    @Test(arguments: [
        ["[secure]", "[encrypt]"], ["secure", "Encrypt"], ["[s"], ["x"], [],
    ])
    func firstMatchAgreesWithReference(triggers: [String]) {
        let matcher = TriggerMatcher(triggers)
        var random = RandomText(seed: UInt64(triggers.count + 3))
        var found = 0
        for round in 0..<2_000 {
            let text = TriggerMatcherTests.randomText(&random, triggers: triggers)
            let want = TriggerMatcherTests.reference(triggers, in: text)
            #expect(matcher.firstMatch(in: text) == want, "round \(round)")
            if want != nil { found += 1 }
        }
        #expect(triggers.isEmpty ? found == 0 : found > 100, "\(found) texts with a trigger")
    }

    @Test func triggerAtTheEndIsFound() {
        let matcher = TriggerMatcher(["[secure]"])
        #expect(matcher.firstMatch(in: Array("see [SECURE]".utf8)) == 4)
        #expect(matcher.firstMatch(in: Array("see [SECURE".utf8)) == nil)
        #expect(matcher.firstMatch(in: []) == nil)
    }
}
