@testable import TLSRequirement
import Testing

@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("Postfix*", "Postfix", true), ("Postfix*", "postfix, from userid 33", true),
        ("Postfix*", "Exim 4.96", false), ("#.#*/#.#*", "8.14.4/8.14.4", true),
        ("#.#*/#.#*", "8.17.1.9/8.17.1.9/Submit", true), ("#.#*/#.#*", "PPS", false),
        ("#.#*/#.#*", "a.14/8.1", false), ("Exim #*", "Exim 4.90_1", true),
        ("Exim #*", "Exim x", false), ("?", "", false), ("?", "a", true), ("*", "", true),
        ("a*b*c", "abxbxc", true), ("a*b*c", "abxbx", false), ("", "", true),
        ("*.#.#.#.#.#.#.#", "lbdjmeqjtdsi6421168qkd.211.2025.08.22.00.56.56", true),
        ("*.#.#.#.#.#.#.#", "00f3a91c2be47-cff0f45d977so311808407b3.1", false),
    ])
    func patternsMatch(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(GlobPattern(pattern).matches(text) == expected)
    }

    @Test func caseSensitivePatterns() {
        #expect(GlobPattern("esmtp*", caseSensitive: true).matches("esmtps"))
        #expect(!GlobPattern("esmtp*", caseSensitive: true).matches("ESMTPS"))
        #expect(GlobPattern("esmtp*").matches("ESMTPS"))
    }

    @Test func longHostileTextIsBounded() {
        let text = String(repeating: "a", count: 1_000_000)
        #expect(!GlobPattern("*b*b*b*b*b").matches(text))
        #expect(GlobPattern("a*").matches(text))
    }
}
