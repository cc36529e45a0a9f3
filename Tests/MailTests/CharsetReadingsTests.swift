import Mail
import Testing

@Suite("Charset readings")
struct CharsetReadingsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let bytes: [UInt8]
        let declared: String?
        let readingCount: Int
        /// The index of the reading that shows the digits of `ascii`.
        let readableIndex: Int
        var testDescription: String { label }
    }

    static let ascii = Array("SSN 372-81-4096".utf8)
    static let utf16LittleEndian: [UInt8] = ascii.flatMap { byte -> [UInt8] in [byte, 0] }

    static let cases: [Case] = [
        Case(
            label: "UTF-16 mark on latin-1", bytes: [0xFF, 0xFE] + ascii,
            declared: "iso-8859-1", readingCount: 2, readableIndex: 0),
        Case(
            label: "UTF-16 mark on UTF-8", bytes: [0xFE, 0xFF] + ascii, declared: "utf-8",
            readingCount: 2, readableIndex: 0),
        Case(
            label: "UTF-16 mark without charset", bytes: [0xFF, 0xFE] + utf16LittleEndian,
            declared: nil, readingCount: 2, readableIndex: 1),
        Case(
            label: "UTF-16 mark on UTF-16", bytes: [0xFF, 0xFE] + utf16LittleEndian,
            declared: "utf-16", readingCount: 1, readableIndex: 0),
        Case(
            label: "UTF-16 mark on UTF-16LE", bytes: [0xFF, 0xFE] + utf16LittleEndian,
            declared: "utf-16le", readingCount: 1, readableIndex: 0),
        Case(
            label: "UTF-8 mark on UTF-8", bytes: [0xEF, 0xBB, 0xBF] + ascii, declared: "utf-8",
            readingCount: 1, readableIndex: 0),
        Case(
            label: "UTF-8 mark without charset", bytes: [0xEF, 0xBB, 0xBF] + ascii,
            declared: nil, readingCount: 1, readableIndex: 0),
        Case(
            label: "UTF-16 declared on odd ASCII", bytes: ascii, declared: "utf-16",
            readingCount: 2, readableIndex: 1),
        Case(
            label: "UTF-16 declared on even ASCII", bytes: ascii + [0x2E], declared: "utf-16",
            readingCount: 2, readableIndex: 1),
        Case(
            label: "UTF-32 declared on ASCII", bytes: ascii + [0x2E], declared: "utf-32",
            readingCount: 2, readableIndex: 1),
        Case(
            label: "UTF-16LE declared on UTF-16LE", bytes: utf16LittleEndian,
            declared: "utf-16le", readingCount: 1, readableIndex: 0),
        Case(
            label: "latin-1 without mark", bytes: ascii, declared: "iso-8859-1",
            readingCount: 1, readableIndex: 0),
    ]

    @Test(arguments: cases)
    func readingCount(_ testCase: Case) {
        let readings = CharsetConverter.readings(testCase.bytes, declaredCharset: testCase.declared)
        #expect(readings.count == testCase.readingCount)
    }

    @Test(arguments: cases)
    func oneReadingShowsDigits(_ testCase: Case) throws {
        let readings = CharsetConverter.readings(testCase.bytes, declaredCharset: testCase.declared)
        let reading = try #require(readings.dropFirst(testCase.readableIndex).first)
        #expect(reading.string.contains("372-81-4096"), "got \(reading.string)")
    }

    @Test(arguments: cases.filter { $0.readingCount > 1 })
    func firstReadingIsFlagged(_ testCase: Case) throws {
        let readings = CharsetConverter.readings(testCase.bytes, declaredCharset: testCase.declared)
        let issue = try #require(readings.first).issue
        guard case .ambiguousCharset = issue else {
            Issue.record("first reading has issue \(String(describing: issue))")
            return
        }
    }

    @Test func declaredReadingComesFirst() throws {
        let readings = CharsetConverter.readings(
            [0xFF, 0xFE] + Self.ascii, declaredCharset: "iso-8859-1")
        let first = try #require(readings.first)
        #expect(first.string == "ÿþSSN 372-81-4096")
        #expect(first.issue == .ambiguousCharset(declared: "iso-8859-1", other: "utf-16"))
        #expect(readings.last?.charset == "utf-16")
    }
}
