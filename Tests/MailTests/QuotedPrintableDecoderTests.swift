import Mail
import Testing

@Suite("Quoted-printable decoder")
struct QuotedPrintableDecoderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let input: String
        let expected: String
        let invalid: Int
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "soft break CRLF", input: "SSN 372-8=\r\n1-4096", expected: "SSN 372-81-4096",
            invalid: 0),
        Case(
            label: "soft break LF", input: "Social Secu=\nrity", expected: "Social Security",
            invalid: 0),
        Case(label: "soft break bare CR", input: "Ali=\rce", expected: "Alice", invalid: 0),
        Case(
            label: "soft break with trailing space", input: "Ali= \t\r\nce", expected: "Alice",
            invalid: 0),
        Case(label: "upper and lower hex", input: "=2D=2d=3A=3a", expected: "--::", invalid: 0),
        Case(label: "invalid escape kept", input: "a=ZZb=4", expected: "a=ZZb=4", invalid: 2),
        Case(
            label: "equals then space then text kept", input: "x= y", expected: "x= y",
            invalid: 1),
        Case(
            label: "trailing whitespace removed", input: "line  \r\nnext\t\n",
            expected: "line\r\nnext\n", invalid: 0),
        Case(
            label: "encoded space kept", input: "DOB 1961 =20\r\n", expected: "DOB 1961  \r\n",
            invalid: 0),
        Case(
            label: "encoded CR before break", input: "4096=0D\r\nDOB", expected: "4096\r\r\nDOB",
            invalid: 0),
        Case(label: "utf-8 bytes", input: "Zo=C3=AB", expected: "Zoë", invalid: 0),
        Case(label: "final equals is a soft break", input: "end=", expected: "end", invalid: 0),
    ]

    @Test(arguments: cases)
    func decodes(_ testCase: Case) {
        let (bytes, invalid) = QuotedPrintableDecoder.decode(testCase.input.bytes)
        #expect(bytes.text == testCase.expected)
        #expect(invalid == testCase.invalid)
    }

    @Test(arguments: [1, 2, 3, 4])
    func chunkingDoesNotChangeOutput(_ chunkSize: Int) {
        let input =
            "Patient Alice Ex=\r\nample, SSN 372-8=\r\n1-4096=0D\r\nDOB 1961=2D03=2d14 =20 \r\n"
            .bytes
        let whole = QuotedPrintableDecoder.decode(input).bytes
        var decoder = QuotedPrintableDecoder()
        var output: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(start + chunkSize, input.count)
            decoder.decode(Array(input[start..<end]), into: &output)
            start = end
        }
        decoder.finish(into: &output)
        #expect(output == whole)
        #expect(output.text.contains("Alice Example, SSN 372-81-4096"))
    }
}
