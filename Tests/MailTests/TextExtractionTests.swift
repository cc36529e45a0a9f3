import Foundation
import Mail
import Testing

@Suite("HTML to text")
struct HTMLTextExtractorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let html: String
        let expected: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "inline tags inside a number", html: "SSN 5&#50;9-<b>41</b>-78<span>36</span>",
            expected: "SSN 529-41-7836"),
        Case(
            label: "comment inside a number", html: "372&#45;81&#x2d;<!-- c -->4096",
            expected: "372-81-4096"),
        Case(
            label: "block elements", html: "<p>Patient</p><div>Alice</div>Example",
            expected: "Patient\nAlice\nExample"),
        Case(
            label: "table cells separated",
            html: "<table><tr><td>(202)</td><td>555</td><td>0143</td></tr>"
                + "<tr><td>x</td></tr></table>",
            expected: "(202)\t555\t0143\nx"),
        Case(label: "whitespace collapsed", html: "a  \n\t b", expected: "a b"),
        Case(
            label: "script and style dropped",
            html: "<style>.x{}</style>a<script>var s='372-81-4096';</script>b",
            expected: "ab"),
        Case(
            label: "named entities", html: "Zo&euml; &amp; Ruben&nbsp;C &lt;x&gt; &ndash;",
            expected: "Zoë & Ruben\u{A0}C <x> \u{2013}"),
        Case(
            label: "legacy entity without semicolon", html: "&copy2024 &amp co",
            expected: "©2024 & co"),
        Case(label: "unknown entity kept", html: "&bogus; & x", expected: "&bogus; & x"),
        Case(
            label: "numeric windows-1252 range", html: "&#150;&#x93;",
            expected: "\u{2013}\u{201C}"),
        Case(
            label: "alt text kept", html: "<img src=\"x.png?id=318550274\" alt=\"Lakeside\">",
            expected: "Lakeside"),
        Case(
            label: "tel link kept", html: "Call <a href=\"tel:+12025550187\">mobile</a>",
            expected: "Call tel:+12025550187 mobile"),
        Case(
            label: "web link target dropped",
            html: "<a href=\"https://x.example/?id=1492837161\">go</a>",
            expected: "go"),
        Case(label: "br line breaks", html: "a<br>b<br/><br>c", expected: "a\nb\n\nc"),
        Case(
            label: "quoted greater-than in attribute", html: "<span title=\"a>b\">text</span>",
            expected: "text"),
        Case(label: "stray less-than stays text", html: "5 < 6 and 3<4", expected: "5 < 6 and 3<4"),
        Case(
            label: "unterminated comment ends at next bracket", html: "a<!-- b > c",
            expected: "a c"),
        Case(
            label: "unterminated style is not dropped", html: "<style>p{}372-81-4096",
            expected: "p{}372-81-4096"),
        Case(
            label: "preformatted whitespace kept", html: "<pre>a  b\n c</pre>",
            expected: "a  b\n c"),
        Case(
            label: "doctype and head",
            html: "<!DOCTYPE html><html><head><title>T</title></head><body>x</body></html>",
            expected: "T\nx"),
    ]

    @Test(arguments: cases)
    func extractsVisibleText(_ testCase: Case) {
        let text = HTMLTextExtractor.extract(testCase.html.bytes).text
        #expect(text.trimmingCharacters(in: .newlines) == testCase.expected)
    }
}

@Suite("Text normalisation")
struct TextNormalizerTests {
    @Test(arguments: [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("372\u{200B}-81\u{2060}-4096\u{FEFF}", "372-81-4096"),
        ("372\u{00AD}81", "37281"),
        ("a\u{00A0}b\u{2009}c\u{3000}d", "a b c d"),
        ("372\u{2013}81\u{2011}4096\u{2212}1", "372-81-4096-1"),
        ("\u{FF13}\u{FF17}\u{FF12}", "372"),
        ("a\u{0}b\u{7}c\u{1B}d", "abcd"),
        ("tab\tstays", "tab\tstays"),
        ("Zoë 山田", "Zoë 山田"),
    ])
    func normalizes(_ pair: (String, String)) {
        #expect(TextNormalizer.normalize(pair.0.bytes).text == pair.1)
    }
}
