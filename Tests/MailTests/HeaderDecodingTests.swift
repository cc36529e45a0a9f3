import Mail
import Testing

@Suite("Header unfolding and RFC 2047")
struct HeaderDecodingTests {
    @Test(arguments: [
        ("a\r\n b", "a b"), ("a\n\tb", "a\tb"), ("a\r b", "a b"), ("a\r\nb", "a b"),
        ("\r\n <id@example.org>", " <id@example.org>"), ("", ""),
    ])
    func unfoldsEveryLineBreak(_ pair: (String, String)) {
        #expect(HeaderUnfolding.unfold(pair.0.bytes).text == pair.1)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let raw: String
        let expected: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "B word", raw: "=?UTF-8?B?Wm/DqyBFeGFtcGxl?=", expected: "Zoë Example"),
        Case(
            label: "Q word with underscore", raw: "=?iso-8859-1?q?Befund_f=FCr?=",
            expected: "Befund für"),
        Case(
            label: "adjacent words joined", raw: "=?utf-8?q?Alice?= =?utf-8?q?_Example?=",
            expected: "Alice Example"),
        Case(
            label: "adjacent over a fold", raw: "=?utf-8?q?372-81-?=\r\n =?utf-8?q?4096?=",
            expected: "372-81-4096"),
        Case(
            label: "multibyte split across B words", raw: "=?UTF-8?B?Wm/D?= =?UTF-8?B?qyE=?=",
            expected: "Zoë!"),
        Case(
            label: "multibyte split across Q words", raw: "=?utf-8?Q?Zo=C3?= =?utf-8?Q?=AB?=",
            expected: "Zoë"),
        Case(
            label: "text between words kept", raw: "=?utf-8?q?a?= and =?utf-8?q?b?=",
            expected: "a and b"),
        Case(
            label: "unknown charset readable", raw: "=?x-bogus-cs?Q?Befund_f=FCr_Alice?=",
            expected: "Befund für Alice"),
        Case(
            label: "malformed encoding letter kept", raw: "=?utf-8?X?abc?=",
            expected: "=?utf-8?X?abc?="),
        Case(label: "unterminated word kept", raw: "=?utf-8?q?abc", expected: "=?utf-8?q?abc"),
        Case(
            label: "word glued to text", raw: "MRN:=?utf-8?q?00482913?=.",
            expected: "MRN:00482913."),
        Case(label: "language suffix", raw: "=?utf-8*en?q?Hello?=", expected: "Hello"),
        Case(
            label: "space inside Q text", raw: "=?utf-8?q?Alice Example?=",
            expected: "Alice Example"),
        Case(label: "raw UTF-8", raw: "Zoë Müller", expected: "Zoë Müller"),
        Case(
            label: "value on continuation line", raw: "\r\n  subject text  ",
            expected: "subject text"),
    ]

    @Test(arguments: cases)
    func decodesValue(_ testCase: Case) {
        let field = HeaderField(name: "Subject", value: testCase.raw)
        #expect(field.decodedValue() == testCase.expected)
    }

    @Test func raw8BitUsesFallbackCharset() {
        let field = HeaderField(name: "Subject", rawValue: [0x46, 0xFC, 0x72])
        #expect(field.decodedValue() == "Für")
        let koi8 = HeaderField(name: "Subject", rawValue: [0xF3, 0xC9, 0xC4])
        #expect(koi8.decodedValue(fallbackCharset: "koi8-r") == "Сид")
    }

    @Test func unknownCharsetIsReported() {
        let field = HeaderField(name: "Subject", value: "=?x-bogus?q?a?=")
        let decoded = field.decodeValue()
        #expect(decoded.charsetIssues == [.unknownCharset(declared: "x-bogus")])
    }

    @Test func malformedWordIsCounted() {
        let decoded = EncodedWordDecoder.decode("=?utf-8?Z?x?= =?".bytes)
        #expect(decoded.malformedEncodedWords == 2)
    }
}

@Suite("Header block")
struct HeaderBlockTests {
    @Test func keepsFieldsInOrderWithRawFolds() {
        let message = "A: 1\r\nB:\r\n  folded\r\n\tagain\r\nC:\r\n\r\nbody".bytes
        let (fields, offset) = HeaderBlock.split(message)
        #expect(fields.map(\.name) == ["A", "B", "C"])
        #expect(fields[1].rawValue.text == "\r\n  folded\r\n\tagain")
        #expect(fields[1].decodedValue() == "folded\tagain")
        #expect(fields[2].rawValue.isEmpty)
        #expect(Array(message[offset...]).text == "body")
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func acceptsEachLineEnding(_ ending: String) {
        let message = "Subject: a\(ending) b\(ending)To: x@y\(ending)\(ending)body".bytes
        let (fields, offset) = HeaderBlock.split(message)
        #expect(fields.count == 2)
        #expect(fields[0].decodedValue() == "a b")
        #expect(Array(message[offset...]).text == "body")
    }

    @Test func lineWithoutColonStartsBody() {
        let (fields, offset) = HeaderBlock.split("A: 1\nnot a header\nB: 2\n".bytes)
        #expect(fields.map(\.name) == ["A"])
        #expect(offset == 5)
    }

    @Test func spaceBeforeColonIsAccepted() {
        let (fields, _) = HeaderBlock.split("Subject : hi\n\n".bytes)
        #expect(fields.first?.name == "Subject")
        #expect(fields.first?.decodedValue() == "hi")
    }

    @Test func keeps8BitValues() {
        let (fields, _) = HeaderBlock.split([0x53, 0x3A, 0x20, 0xFC, 0x0A, 0x0A])
        #expect(fields.first?.rawValue == [0xFC])
    }

    @Test func skipsMboxSeparator() {
        let (fields, _) = HeaderBlock.split("From bob@example.com Tue Mar 3\nTo: a@b\n\n".bytes)
        #expect(fields.map(\.name) == ["To"])
    }

    @Test func dropsFieldsOverTheLimit() {
        var limits = MIMELimits()
        limits.maxHeaderFields = 2
        let (fields, _) = HeaderBlock.split("A: 1\nB: 2\nC: 3\n D\n\n".bytes, limits: limits)
        #expect(fields.map(\.name) == ["A", "B"])
    }
}
