/// Text of iCalendar (RFC 5545) and vCard (RFC 6350, vCard 2.1) content as scanners need it.
///
/// Content lines are unfolded: a line break followed by one space or tab is removed, so a
/// value folded inside a number comes out whole. vCard 2.1 quoted-printable values are
/// decoded with their soft line breaks, then read in their `CHARSET` parameter or, without
/// one, as UTF-8 where valid and windows-1252 otherwise. The escapes `\n`, `\,`, `\;` and `\\` are
/// resolved. Property names and parameters stay, as context for detectors.
enum DirectoryText {
    static func extract(_ utf8: [UInt8]) -> [UInt8] {
        let lines = unfoldedLines(utf8)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        for line in lines {
            output.append(contentsOf: unescape(line))
            output.append(ASCII.lineFeed)
        }
        return output
    }

    /// Splits into content lines, joining folded lines and quoted-printable soft breaks.
    private static func unfoldedLines(_ utf8: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var lineIsQuotedPrintable: [Bool] = []
        utf8.withUnsafeBufferPointer { buffer in
            var start = 0
            var continuesQuotedPrintable = false
            while start < buffer.count {
                let (line, next) = LineSplitter.line(in: buffer, from: start)
                let content = Array(line.content)
                if let first = content.first, ASCII.isWhitespace(first), !lines.isEmpty {
                    lines[lines.count - 1].append(contentsOf: content.dropFirst())
                } else if continuesQuotedPrintable, !lines.isEmpty {
                    lines[lines.count - 1].append(contentsOf: content)
                } else {
                    lines.append(content)
                    lineIsQuotedPrintable.append(isQuotedPrintable(content))
                }
                continuesQuotedPrintable =
                    content.last == ASCII.equals && lineIsQuotedPrintable[lines.count - 1]
                if continuesQuotedPrintable {
                    lines[lines.count - 1].removeLast()
                }
                start = next
            }
        }
        return zip(lines, lineIsQuotedPrintable).map { line, isQuotedPrintable in
            isQuotedPrintable ? decodeQuotedPrintableValue(line) : line
        }
    }

    private static let quotedPrintableMarker = Array("quoted-printable".utf8)

    /// True when the property parameters, before the first colon, name quoted-printable.
    private static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: ASCII.colon) else { return false }
        let parameters = line[..<colon].asciiLowercased()
        return parameters.count >= quotedPrintableMarker.count
            && (0...(parameters.count - quotedPrintableMarker.count)).contains { offset in
                parameters[offset..<offset + quotedPrintableMarker.count]
                    .elementsEqual(quotedPrintableMarker)
            }
    }

    private static func decodeQuotedPrintableValue(_ line: [UInt8]) -> [UInt8] {
        guard let colon = line.firstIndex(of: ASCII.colon) else { return line }
        let decoded = QuotedPrintableDecoder.decode(Array(line[(colon + 1)...])).bytes
        let charset = charsetParameter(line[..<colon])
        return Array(line[...colon])
            + CharsetConverter.decode(decoded, declaredCharset: charset).utf8
    }

    private static let charsetMarker = Array("charset=".utf8)

    /// Returns the value of a `CHARSET=` property parameter, or nil.
    private static func charsetParameter(_ parameters: ArraySlice<UInt8>) -> String? {
        let lowered = parameters.asciiLowercased()
        let found = lowered.withUnsafeBufferPointer { buffer in
            HTMLSearch.find(charsetMarker, in: buffer, from: 0)
        }
        guard let start = found.map({ $0 + charsetMarker.count }) else { return nil }
        let value = lowered[start...].prefix { $0 != ASCII.semicolon && $0 != ASCII.colon }
        return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
    }

    private static func unescape(_ line: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(line.count)
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == ASCII.backslash && index + 1 < line.count {
                let next = line[index + 1]
                switch next {
                case 0x6E, 0x4E: output.append(ASCII.lineFeed)
                case ASCII.comma, ASCII.semicolon, ASCII.backslash, ASCII.colon: output.append(next)
                default: output.append(contentsOf: [byte, next])
                }
                index += 2
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }
}
