import Mail
import Testing

@Suite("Base64 decoder")
struct Base64DecoderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let input: String
        let expected: String
        let invalidCharacters: Int
        let paddingInsideData: Int
        let droppedCharacters: Int
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "plain", input: "SGVsbG8=", expected: "Hello", invalidCharacters: 0,
            paddingInsideData: 0, droppedCharacters: 0),
        Case(
            label: "line breaks and indentation", input: "  SGVs\r\n\tbG8s\n IHdv\rcmxk",
            expected: "Hello, world", invalidCharacters: 0, paddingInsideData: 0,
            droppedCharacters: 0),
        Case(
            label: "missing padding", input: "SGVsbG8", expected: "Hello",
            invalidCharacters: 0, paddingInsideData: 0, droppedCharacters: 0),
        Case(
            label: "padding in the middle", input: "SGk=SGVsbG8=", expected: "HiHello",
            invalidCharacters: 0, paddingInsideData: 1, droppedCharacters: 0),
        Case(
            label: "garbage bytes skipped", input: "SG!V-sb*G8=", expected: "Hello",
            invalidCharacters: 3, paddingInsideData: 0, droppedCharacters: 0),
        Case(
            label: "lone final character dropped", input: "SGVsbG8hQ", expected: "Hello!",
            invalidCharacters: 0, paddingInsideData: 0, droppedCharacters: 1),
        Case(
            label: "space inside a line", input: "U1NOOiAzNzItODEtNDA5 Ng==",
            expected: "SSN: 372-81-4096", invalidCharacters: 0, paddingInsideData: 0,
            droppedCharacters: 0),
        Case(
            label: "empty", input: "", expected: "", invalidCharacters: 0,
            paddingInsideData: 0, droppedCharacters: 0),
        Case(
            label: "only padding", input: "====", expected: "", invalidCharacters: 0,
            paddingInsideData: 0, droppedCharacters: 0),
    ]

    @Test(arguments: cases)
    func decodesTolerantly(_ testCase: Case) {
        let (bytes, damage) = Base64Decoder.decode(testCase.input.bytes)
        #expect(bytes.text == testCase.expected)
        #expect(damage.invalidCharacters == testCase.invalidCharacters)
        #expect(damage.paddingInsideData == testCase.paddingInsideData)
        #expect(damage.droppedCharacters == testCase.droppedCharacters)
    }

    @Test func missingPaddingIsHarmless() {
        let (_, damage) = Base64Decoder.decode("SGVsbG8".bytes)
        #expect(damage.missingPadding)
        #expect(damage.isHarmless)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func chunkingDoesNotChangeOutput(_ chunkSize: Int) {
        let input = "  UGF0aWVudDogQWxpY2UgRXhhbXBsZS4NCg==\r\n\tU1NOOiAzNzItODEtNDA5 Ng0K\r\n"
            .bytes
        let whole = Base64Decoder.decode(input).bytes
        var decoder = Base64Decoder()
        var output: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(start + chunkSize, input.count)
            decoder.decode(Array(input[start..<end]), into: &output)
            start = end
        }
        decoder.finish(into: &output)
        #expect(output == whole)
        #expect(output.text.contains("372-81-4096"))
    }

    @Test func damageSummaryNamesEachKind() {
        let (_, damage) = Base64Decoder.decode("SG!k=SGVsbG8hQ".bytes)
        #expect(damage.summary.contains("1 invalid characters skipped"))
        #expect(damage.summary.contains("padding inside data 1 times"))
        #expect(damage.summary.contains("1 characters of incomplete groups dropped"))
    }
}
