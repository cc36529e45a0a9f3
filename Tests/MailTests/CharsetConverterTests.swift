import Mail
import Testing

struct CharsetSample: CustomTestStringConvertible, Sendable {
    let label: String
    let expected: String
    let bytes: [UInt8]
    var testDescription: String { label }

    init(_ label: String, _ expected: String, _ bytes: [UInt8]) {
        self.label = label
        self.expected = expected
        self.bytes = bytes
    }
}

@Suite("Charset conversion")
struct CharsetConverterTests {
    /// Each sample was encoded by Python's codecs, so the expected text does not come
    /// from the code under test.
    static let samples: [CharsetSample] = [
        CharsetSample(
            "utf-8", "Zoë Müller 372-81-4096",
            [
                0x5A, 0x6F, 0xC3, 0xAB, 0x20, 0x4D, 0xC3, 0xBC, 0x6C, 0x6C, 0x65, 0x72, 0x20, 0x33,
                0x37, 0x32, 0x2D, 0x38, 0x31, 0x2D, 0x34, 0x30, 0x39, 0x36,
            ]),
        CharsetSample(
            "us-ascii", "Alice Example 372-81-4096",
            [
                0x41, 0x6C, 0x69, 0x63, 0x65, 0x20, 0x45, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 0x20,
                0x33, 0x37, 0x32, 0x2D, 0x38, 0x31, 0x2D, 0x34, 0x30, 0x39, 0x36,
            ]),
        CharsetSample(
            "iso-8859-1", "Zoë Müller",
            [0x5A, 0x6F, 0xEB, 0x20, 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]),
        CharsetSample(
            "iso-8859-2", "Łódź Żółć",
            [0xA3, 0xF3, 0x64, 0xBC, 0x20, 0xAF, 0xF3, 0xB3, 0xE6]),
        CharsetSample(
            "iso-8859-3", "Ħaġar",
            [0xA1, 0x61, 0xF5, 0x61, 0x72]),
        CharsetSample(
            "iso-8859-4", "Ķēniņš",
            [0xD3, 0xBA, 0x6E, 0x69, 0xF1, 0xB9]),
        CharsetSample(
            "iso-8859-5", "Иванов",
            [0xB8, 0xD2, 0xD0, 0xDD, 0xDE, 0xD2]),
        CharsetSample(
            "iso-8859-6", "محمد",
            [0xE5, 0xCD, 0xE5, 0xCF]),
        CharsetSample(
            "iso-8859-7", "Παπαδόπουλος",
            [0xD0, 0xE1, 0xF0, 0xE1, 0xE4, 0xFC, 0xF0, 0xEF, 0xF5, 0xEB, 0xEF, 0xF2]),
        CharsetSample(
            "iso-8859-8", "כהן",
            [0xEB, 0xE4, 0xEF]),
        CharsetSample(
            "iso-8859-9", "Öztürk Şahin",
            [0xD6, 0x7A, 0x74, 0xFC, 0x72, 0x6B, 0x20, 0xDE, 0x61, 0x68, 0x69, 0x6E]),
        CharsetSample(
            "iso-8859-10", "Ŋŧ Ĩ",
            [0xAF, 0xBB, 0x20, 0xA5]),
        CharsetSample(
            "iso-8859-13", "Jānis Ķ",
            [0x4A, 0xE2, 0x6E, 0x69, 0x73, 0x20, 0xCD]),
        CharsetSample(
            "iso-8859-14", "Ŵŷ ḃ",
            [0xD0, 0xFE, 0x20, 0xA2]),
        CharsetSample(
            "iso-8859-15", "Prix 5 € Œuvre",
            [0x50, 0x72, 0x69, 0x78, 0x20, 0x35, 0x20, 0xA4, 0x20, 0xBC, 0x75, 0x76, 0x72, 0x65]),
        CharsetSample(
            "windows-1250", "Dvořák Łukasz",
            [0x44, 0x76, 0x6F, 0xF8, 0xE1, 0x6B, 0x20, 0xA3, 0x75, 0x6B, 0x61, 0x73, 0x7A]),
        CharsetSample(
            "windows-1251", "Петров",
            [0xCF, 0xE5, 0xF2, 0xF0, 0xEE, 0xE2]),
        CharsetSample(
            "windows-1252", "“Zoë” – 5 €",
            [0x93, 0x5A, 0x6F, 0xEB, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
        CharsetSample(
            "windows-1253", "Ελένη",
            [0xC5, 0xEB, 0xDD, 0xED, 0xE7]),
        CharsetSample(
            "windows-1254", "Ağaoğlu",
            [0x41, 0xF0, 0x61, 0x6F, 0xF0, 0x6C, 0x75]),
        CharsetSample(
            "windows-1255", "לוי",
            [0xEC, 0xE5, 0xE9]),
        CharsetSample(
            "windows-1256", "أحمد",
            [0xC3, 0xCD, 0xE3, 0xCF]),
        CharsetSample(
            "windows-1257", "Ąžuolas",
            [0xC0, 0xFE, 0x75, 0x6F, 0x6C, 0x61, 0x73]),
        CharsetSample(
            "windows-1258", "Nguyên Đông",
            [0x4E, 0x67, 0x75, 0x79, 0xEA, 0x6E, 0x20, 0xD0, 0xF4, 0x6E, 0x67]),
        CharsetSample(
            "koi8-r", "Сидоров",
            [0xF3, 0xC9, 0xC4, 0xCF, 0xD2, 0xCF, 0xD7]),
        CharsetSample(
            "shift_jis", "山田太郎",
            [0x8E, 0x52, 0x93, 0x63, 0x91, 0xBE, 0x98, 0x59]),
        CharsetSample(
            "euc-jp", "山田太郎",
            [0xBB, 0xB3, 0xC5, 0xC4, 0xC2, 0xC0, 0xCF, 0xBA]),
        CharsetSample(
            "iso-2022-jp", "山田太郎",
            [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42]),
        CharsetSample(
            "gb2312", "张伟",
            [0xD5, 0xC5, 0xCE, 0xB0]),
        CharsetSample(
            "gbk", "张伟",
            [0xD5, 0xC5, 0xCE, 0xB0]),
        CharsetSample(
            "gb18030", "张伟 𠀀",
            [0xD5, 0xC5, 0xCE, 0xB0, 0x20, 0x95, 0x32, 0x82, 0x36]),
        CharsetSample(
            "big5", "陳大文",
            [0xB3, 0xAF, 0xA4, 0x6A, 0xA4, 0xE5]),
        CharsetSample(
            "utf-16", "Zoë 372",
            [
                0xFF, 0xFE, 0x5A, 0x00, 0x6F, 0x00, 0xEB, 0x00, 0x20, 0x00, 0x33, 0x00, 0x37, 0x00,
                0x32, 0x00,
            ]),
        CharsetSample(
            "utf-16le", "Zoë 372",
            [0x5A, 0x00, 0x6F, 0x00, 0xEB, 0x00, 0x20, 0x00, 0x33, 0x00, 0x37, 0x00, 0x32, 0x00]),
        CharsetSample(
            "utf-16be", "Zoë 372",
            [0x00, 0x5A, 0x00, 0x6F, 0x00, 0xEB, 0x00, 0x20, 0x00, 0x33, 0x00, 0x37, 0x00, 0x32]),
        CharsetSample(
            "euc-kr", "김철수",
            [0xB1, 0xE8, 0xC3, 0xB6, 0xBC, 0xF6]),
        CharsetSample(
            "utf-7", "Zoë 372",
            [0x5A, 0x6F, 0x2B, 0x41, 0x4F, 0x73, 0x20, 0x33, 0x37, 0x32]),
        CharsetSample(
            "koi8-u", "Шевченко",
            [0xFB, 0xC5, 0xD7, 0xDE, 0xC5, 0xCE, 0xCB, 0xCF]),
    ]

    @Test(arguments: samples)
    func decodesDeclaredCharset(_ sample: CharsetSample) {
        let decoded = CharsetConverter.decode(sample.bytes, declaredCharset: sample.label)
        #expect(decoded.string == sample.expected)
        #expect(decoded.issue == nil)
    }

    @Test(arguments: ["ISO-8859-1", " \"iso-8859-1\" ", "Latin1", "CP1252", "x-cp1252"])
    func labelSpellingsAreAccepted(_ label: String) {
        let decoded = CharsetConverter.decode([0x5A, 0x6F, 0xEB], declaredCharset: label)
        #expect(decoded.string == "Zoë")
        #expect(decoded.issue == nil)
    }

    @Test(arguments: ["unknown-8bit", "", "x-bogus-cs", "binary", "utf-8//TRANSLIT"])
    func unknownCharsetFallsBackAndIsReported(_ label: String) {
        let decoded = CharsetConverter.decode([0x46, 0xFC, 0x72], declaredCharset: label)
        #expect(decoded.string == "Für")
        #expect(decoded.issue == .unknownCharset(declared: label))
    }

    @Test func unknownCharsetKeepsValidUTF8() {
        let decoded = CharsetConverter.decode("Zoë".bytes, declaredCharset: "x-unknown")
        #expect(decoded.string == "Zoë")
        #expect(decoded.charset == "utf-8")
    }

    @Test func asciiWithUTF8BytesIsReadAsUTF8() {
        let decoded = CharsetConverter.decode("Zoë".bytes, declaredCharset: "us-ascii")
        #expect(decoded.string == "Zoë")
        #expect(decoded.issue == .invalidData(declared: "us-ascii", invalidBytes: 2))
    }

    @Test(arguments: ["iso-8859-1", "windows-1251", "koi8-r", "iso-8859-5"])
    func utf8LabelledSingleByteIsReadAsUTF8(_ label: String) {
        let decoded = CharsetConverter.decode("Zoë Иванов".bytes, declaredCharset: label)
        #expect(decoded.string == "Zoë Иванов")
        #expect(decoded.issue == .mislabeledUTF8(declared: label))
    }

    @Test func multibyteCharsetIsNotSecondGuessed() {
        let decoded = CharsetConverter.decode("Zoë".bytes, declaredCharset: "shift_jis")
        #expect(decoded.issue != .mislabeledUTF8(declared: "shift_jis"))
    }

    @Test func invalidUTF8BytesAreReadAsWindows1252() {
        let decoded = CharsetConverter.decode(
            [0x5A, 0x6F, 0xEB, 0x20, 0xC3, 0xA9], declaredCharset: "utf-8")
        #expect(decoded.string == "Zoë é")
        #expect(decoded.issue == .invalidData(declared: "utf-8", invalidBytes: 1))
    }

    @Test func invalidMultibyteSequenceBecomesReplacement() {
        let decoded = CharsetConverter.decode(
            [0x41, 0x82, 0x0A, 0x42], declaredCharset: "shift_jis")
        #expect(decoded.string == "A\u{FFFD}\nB")
        #expect(decoded.issue == .invalidData(declared: "shift_jis", invalidBytes: 1))
    }

    @Test func byteOrderMarkOverridesDeclaration() {
        let utf16 = CharsetConverter.decode(
            [0xFF, 0xFE, 0x41, 0x00, 0x42, 0x00], declaredCharset: "us-ascii")
        #expect(utf16.string == "AB")
        let utf8 = CharsetConverter.decode([0xEF, 0xBB, 0xBF, 0x41], declaredCharset: "iso-8859-1")
        #expect(utf8.string == "A")
    }

    @Test func missingCharsetUsesBestEffort() {
        let decoded = CharsetConverter.decode([0x46, 0xFC, 0x72], declaredCharset: nil)
        #expect(decoded.string == "Für")
        #expect(decoded.issue == nil)
    }

    @Test(arguments: [
        ("gb2312", "gb18030"), ("ks_c_5601-1987", "cp949"), ("shift_jis", "cp932"),
        ("latin2", "iso-8859-2"), ("cp1251", "windows-1251"), ("iso_8859-7", "iso-8859-7"),
    ])
    func aliasesMapToSupersets(_ pair: (String, String)) {
        #expect(CharsetLabel(pair.0).name == pair.1)
    }
}
