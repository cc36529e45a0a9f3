/// A header value after RFC 2047 decoding, with what went wrong on the way.
public struct DecodedHeaderValue: Sendable, Hashable {
    public var text: String
    /// Charset problems of encoded words and of raw 8-bit bytes.
    public var charsetIssues: [CharsetIssue]
    /// Text that looked like the start of an encoded word but was not well-formed; it is
    /// kept literally.
    public var malformedEncodedWords: Int
}

/// Decoding of RFC 2047 encoded words in header text.
///
/// The decoder is lenient where senders are known to break the rules, because a scanner
/// must read what a mail client shows:
/// - adjacent encoded words separated only by white space are joined without it, and the
///   bytes of adjacent words in the same charset are joined before charset conversion, so
///   a multi-byte character split across two words decodes whole;
/// - encoded words glued to other text, inside quoted strings or with spaces in Q text are
///   decoded too;
/// - B text is decoded by the tolerant base64 decoder;
/// - an unknown charset is read by best effort (UTF-8, else windows-1252) and reported;
/// - a malformed word (unknown encoding letter, no `?=`) is kept literally.
///
/// Raw 8-bit bytes outside encoded words are read as UTF-8 where valid, else in
/// `fallbackCharset` (the charset of the entity, when declared), else as windows-1252.
///
/// Control characters other than tab become spaces, so a decoded value never contains a
/// line break: `=?utf-8?q?a=0D=0AX-Injected:_1?=` cannot add a header line where the
/// value is written back or logged.
public enum EncodedWordDecoder {
    /// RFC 2047 limits a word to 75 characters; longer runs are accepted up to this bound.
    static let maxEncodedWordLength = 1024

    /// Decodes the encoded words in `value`, which should already be unfolded.
    public static func decode(_ value: some Collection<UInt8>, fallbackCharset: String? = nil)
        -> DecodedHeaderValue
    {
        let bytes = Array(value)
        var state = DecodingState(fallbackCharset: fallbackCharset)
        var index = 0
        var literalStart = 0
        while index < bytes.count {
            guard bytes[index] == ASCII.equals, index + 1 < bytes.count,
                bytes[index + 1] == ASCII.questionMark
            else {
                index += 1
                continue
            }
            guard let word = EncodedWord.parse(bytes, at: index) else {
                state.malformed += 1
                index += 2
                continue
            }
            let literal = bytes[literalStart..<index]
            if state.hasOpenRun && literal.allSatisfy(ASCII.isWhitespace) {
                // White space between adjacent encoded words is not part of the text.
            } else {
                state.closeRun()
                state.appendLiteral(literal)
            }
            state.appendWord(word)
            index = word.end
            literalStart = index
        }
        state.closeRun()
        state.appendLiteral(bytes[literalStart...])
        let text = state.output.map { byte in
            (byte < 0x20 && byte != ASCII.tab) || byte == 0x7F ? ASCII.space : byte
        }
        return DecodedHeaderValue(
            text: String(decoding: text, as: UTF8.self), charsetIssues: state.issues,
            malformedEncodedWords: state.malformed)
    }

    /// Output being built, with the run of encoded words not yet converted.
    private struct DecodingState {
        let fallbackCharset: String?
        var output: [UInt8] = []
        var issues: [CharsetIssue] = []
        var malformed = 0
        var runCharset: String?
        var runBytes: [UInt8] = []
        var hasOpenRun = false

        init(fallbackCharset: String?) {
            self.fallbackCharset = fallbackCharset
        }

        mutating func appendWord(_ word: EncodedWord) {
            if let charset = runCharset, !charset.equalsIgnoringASCIICase(word.charset) {
                convertRun()
            }
            runCharset = word.charset
            runBytes.append(contentsOf: word.bytes)
            hasOpenRun = true
        }

        mutating func closeRun() {
            convertRun()
            hasOpenRun = false
        }

        private mutating func convertRun() {
            guard let charset = runCharset else { return }
            let decoded = CharsetConverter.decode(runBytes, declaredCharset: charset)
            output.append(contentsOf: decoded.utf8)
            if let issue = decoded.issue { issues.append(issue) }
            runCharset = nil
            runBytes.removeAll(keepingCapacity: true)
        }

        mutating func appendLiteral(_ literal: ArraySlice<UInt8>) {
            guard !literal.isEmpty else { return }
            let isPlain = literal.allSatisfy { $0 < 0x80 }
            if isPlain || UTF8Repair.isValid(Array(literal)) {
                output.append(contentsOf: literal)
                return
            }
            let decoded = CharsetConverter.decode(Array(literal), declaredCharset: fallbackCharset)
            output.append(contentsOf: decoded.utf8)
            if let issue = decoded.issue {
                issues.append(issue)
            } else if fallbackCharset == nil {
                issues.append(.invalidData(declared: "utf-8", invalidBytes: literal.count))
            }
        }
    }
}

extension String {
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        utf8.equalsIgnoringASCIICase(other.utf8)
    }
}

/// One well-formed `=?charset?encoding?text?=` word, decoded to bytes in its charset.
struct EncodedWord {
    /// The charset label without an RFC 2231 language suffix (`utf-8*en` becomes `utf-8`).
    var charset: String
    var bytes: [UInt8]
    /// Index just past the closing `?=`.
    var end: Int

    /// Parses the word that starts with `=?` at `start`, or returns nil when it is malformed.
    static func parse(_ bytes: [UInt8], at start: Int) -> EncodedWord? {
        let limit = min(bytes.count, start + EncodedWordDecoder.maxEncodedWordLength)
        var index = start + 2
        let charsetStart = index
        while index < limit && bytes[index] != ASCII.questionMark {
            if ASCII.isFoldingWhitespace(bytes[index]) { return nil }
            index += 1
        }
        guard index + 2 < limit, index > charsetStart else { return nil }
        var charsetEnd = index
        if let star = bytes[charsetStart..<index].firstIndex(of: ASCII.asterisk) {
            charsetEnd = star
        }
        let encoding = ASCII.lowercased(bytes[index + 1])
        guard encoding == 0x62 || encoding == 0x71, bytes[index + 2] == ASCII.questionMark else {
            return nil
        }
        let textStart = index + 3
        var textEnd = textStart
        while textEnd < limit && bytes[textEnd] != ASCII.questionMark {
            textEnd += 1
        }
        guard textEnd + 1 < bytes.count, bytes[textEnd + 1] == ASCII.equals else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded =
            encoding == 0x62
            ? Base64Decoder.decode(Array(text)).bytes
            : QuotedText.decodeHexEscapes(text, escape: ASCII.equals, underscoreIsSpace: true)
        let charset = String(decoding: bytes[charsetStart..<charsetEnd], as: UTF8.self)
        return EncodedWord(charset: charset, bytes: decoded, end: textEnd + 2)
    }
}
