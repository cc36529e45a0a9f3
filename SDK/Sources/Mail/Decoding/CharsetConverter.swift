import Glibc

/// Text decoded to UTF-8, with what went wrong on the way.
public struct DecodedText: Sendable, Hashable {
    /// UTF-8 bytes, always well-formed.
    public var utf8: [UInt8]
    /// The charset that was used, which differs from the declared one after a fallback.
    public var charset: String
    public var issue: CharsetIssue?

    public var string: String { String(decoding: utf8, as: UTF8.self) }
}

/// A reason why decoded text may differ from what the sender wrote.
public enum CharsetIssue: Sendable, Hashable, CustomStringConvertible {
    /// The declared charset is missing, meaningless or unknown; best effort was used.
    case unknownCharset(declared: String)
    /// The bytes do not fit the declared charset; `invalidBytes` were replaced or read
    /// as windows-1252.
    case invalidData(declared: String, invalidBytes: Int)
    /// The bytes may be in the declared charset or in `other`, because a byte order mark
    /// contradicts the declaration or the bytes cannot be the declared UTF-16 or UTF-32.
    /// Both readings are scanned.
    case ambiguousCharset(declared: String, other: String)
    /// A single-byte charset was declared, but the 8-bit bytes are all well-formed UTF-8,
    /// which a text in that charset almost never is; they were decoded as UTF-8.
    case mislabeledUTF8(declared: String)

    /// The problem kind that reports this issue.
    public var problemKind: ProblemKind {
        switch self {
        case .unknownCharset: .unknownCharset
        case .invalidData, .mislabeledUTF8, .ambiguousCharset: .invalidCharsetData
        }
    }

    public var description: String {
        switch self {
        case .unknownCharset(let declared):
            "unknown charset '\(declared)'; decoded as UTF-8 where valid, else windows-1252"
        case .invalidData(let declared, let invalidBytes):
            "\(invalidBytes) bytes invalid in charset '\(declared)'; replaced by best effort"
        case .mislabeledUTF8(let declared):
            "declared charset '\(declared)' but the text is UTF-8; decoded as UTF-8"
        case .ambiguousCharset(let declared, let other):
            "declared charset '\(declared)' but the bytes may be '\(other)'; both readings "
                + "are scanned"
        }
    }
}

/// Conversion of text in any charset a message declares to UTF-8, through iconv (glibc)
/// for multi-byte and rare charsets and in Swift for UTF-8 and windows-1252.
///
/// Conversion always returns text. An unknown or lying charset falls back to best effort,
/// which is UTF-8 where the bytes are valid UTF-8 and windows-1252 for the other bytes.
/// The result then carries a `CharsetIssue`.
public enum CharsetConverter {
    /// Decodes `bytes` declared as `declaredCharset` (nil when none was declared). A byte
    /// order mark at the start overrides the declaration; `readings(_:declaredCharset:)`
    /// returns both readings instead.
    public static func decode(_ bytes: [UInt8], declaredCharset: String?) -> DecodedText {
        if let byteOrderMarked = decodeByteOrderMark(bytes) {
            return byteOrderMarked
        }
        return decodeDeclared(bytes, declaredCharset: declaredCharset)
    }

    /// Decodes `bytes` by the declared charset alone, ignoring a byte order mark.
    static func decodeDeclared(_ bytes: [UInt8], declaredCharset: String?) -> DecodedText {
        guard let declared = declaredCharset else {
            return bestEffort(bytes, declared: nil)
        }
        switch CharsetLabel(declared) {
        case .utf8:
            let repaired = UTF8Repair.repair(bytes)
            let issue: CharsetIssue? =
                repaired.repairedBytes > 0
                ? .invalidData(declared: declared, invalidBytes: repaired.repairedBytes) : nil
            return DecodedText(utf8: repaired.utf8, charset: "utf-8", issue: issue)
        case .ascii:
            return decodeDeclaredASCII(bytes, declared: declared)
        case .windows1252:
            if let utf8 = mislabeledUTF8(bytes, declared: declared) { return utf8 }
            return DecodedText(
                utf8: Windows1252.decode(bytes), charset: "windows-1252", issue: nil)
        case .iconv(let name):
            if CharsetLabel.isSingleByte(iconvName: name),
                let utf8 = mislabeledUTF8(bytes, declared: declared)
            {
                return utf8
            }
            return decodeWithIconv(bytes, name: name, declared: declared)
        case .unknown:
            return bestEffort(bytes, declared: declared)
        }
    }

    /// Returns true when iconv can convert from the charset `iconvName` to UTF-8.
    static func isSupported(iconvName: String) -> Bool {
        let handle = iconv_open("UTF-8", iconvName)
        guard Int(bitPattern: handle) != -1 else { return false }
        iconv_close(handle)
        return true
    }

    // MARK: - Fallbacks

    /// UTF-8 where valid, windows-1252 for the other bytes.
    static func bestEffort(_ bytes: [UInt8], declared: String?) -> DecodedText {
        let repaired = UTF8Repair.repair(bytes)
        let charset = repaired.repairedBytes == 0 ? "utf-8" : "windows-1252"
        guard let declared else {
            return DecodedText(utf8: repaired.utf8, charset: charset, issue: nil)
        }
        return DecodedText(
            utf8: repaired.utf8, charset: charset, issue: .unknownCharset(declared: declared))
    }

    /// Returns the bytes as UTF-8 when they contain multi-byte sequences and every 8-bit
    /// byte belongs to one, the sign of UTF-8 text labelled with a single-byte charset.
    private static func mislabeledUTF8(_ bytes: [UInt8], declared: String) -> DecodedText? {
        guard !UTF8Repair.isASCII(bytes), UTF8Repair.isValid(bytes) else { return nil }
        return DecodedText(
            utf8: bytes, charset: "utf-8", issue: .mislabeledUTF8(declared: declared))
    }

    private static func decodeDeclaredASCII(_ bytes: [UInt8], declared: String) -> DecodedText {
        if UTF8Repair.isASCII(bytes) {
            return DecodedText(utf8: bytes, charset: "us-ascii", issue: nil)
        }
        let eightBit = bytes.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        let repaired = UTF8Repair.repair(bytes)
        let charset = repaired.repairedBytes == 0 ? "utf-8" : "windows-1252"
        return DecodedText(
            utf8: repaired.utf8, charset: charset,
            issue: .invalidData(declared: declared, invalidBytes: eightBit))
    }

    private static func decodeByteOrderMark(_ bytes: [UInt8]) -> DecodedText? {
        switch byteOrderMarkCharset(bytes) {
        case "utf-8":
            var decoded = decode(Array(bytes.dropFirst(3)), declaredCharset: "utf-8")
            decoded.charset = "utf-8"
            return decoded
        case "utf-16":
            return decodeWithIconv(bytes, name: "UTF-16", declared: "utf-16")
        default:
            return nil
        }
    }

    // MARK: - iconv

    private static func decodeWithIconv(_ bytes: [UInt8], name: String, declared: String)
        -> DecodedText
    {
        guard let converted = IconvConversion.convert(bytes, from: name) else {
            return bestEffort(bytes, declared: declared)
        }
        let issue: CharsetIssue? =
            converted.invalidBytes > 0
            ? .invalidData(declared: declared, invalidBytes: converted.invalidBytes) : nil
        return DecodedText(utf8: converted.utf8, charset: name.asciiLowercased, issue: issue)
    }
}

/// One conversion with glibc's iconv, the only place that calls it.
enum IconvConversion {
    /// Converts `bytes` from `charset` to UTF-8. Bytes that are invalid in the charset
    /// become U+FFFD and are counted. Returns nil when iconv does not know the charset.
    static func convert(_ bytes: [UInt8], from charset: String) -> (
        utf8: [UInt8], invalidBytes: Int
    )? {
        let handle = iconv_open("UTF-8", charset)
        guard Int(bitPattern: handle) != -1 else { return nil }
        defer { iconv_close(handle) }
        var output = OutputBuffer(capacity: bytes.count * 2 + 64)
        defer { output.deallocate() }
        var invalid = 0
        var input = bytes
        input.withUnsafeMutableBytes { raw in
            var inputPointer = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inputLeft = raw.count
            while inputLeft > 0 {
                let result = output.convert(handle, &inputPointer, &inputLeft)
                if result != -1 { break }
                switch errno {
                case E2BIG:
                    output.grow()
                case EILSEQ:
                    output.appendReplacement()
                    invalid += 1
                    inputPointer = inputPointer.map { $0 + 1 }
                    inputLeft -= 1
                default:
                    // EINVAL: an incomplete sequence at the end of the input.
                    output.appendReplacement()
                    invalid += inputLeft
                    inputLeft = 0
                }
            }
        }
        output.flushShiftState(handle)
        return (output.bytes, invalid)
    }

    /// A growable output area for iconv.
    private struct OutputBuffer {
        private var base: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        private var used = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

        mutating func convert(
            _ handle: iconv_t?, _ input: inout UnsafeMutablePointer<CChar>?, _ inputLeft: inout Int
        ) -> Int {
            var outputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base + used)
                .assumingMemoryBound(to: CChar.self)
            var outputLeft = capacity - used
            let result = iconv(handle, &input, &inputLeft, &outputPointer, &outputLeft)
            used = capacity - outputLeft
            return result
        }

        mutating func flushShiftState(_ handle: iconv_t?) {
            if capacity - used < 16 { grow() }
            var outputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base + used)
                .assumingMemoryBound(to: CChar.self)
            var outputLeft = capacity - used
            _ = iconv(handle, nil, nil, &outputPointer, &outputLeft)
            used = capacity - outputLeft
        }

        mutating func appendReplacement() {
            if capacity - used < 3 { grow() }
            base[used] = 0xEF
            base[used + 1] = 0xBF
            base[used + 2] = 0xBD
            used += 3
        }

        mutating func grow() {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: used)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }

        func deallocate() {
            base.deallocate()
        }
    }
}
