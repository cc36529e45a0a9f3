/// Formats the header values that a copy adds or changes, because a copy goes to the
/// reinjection listener as bytes that no milter library folds.
///
/// Postfix's SMTP client breaks a line longer than `smtp_line_length_limit` (998 octets
/// by default in Postfix 3.7) at that length, even inside an address, so an unfolded list
/// of original recipients would reach the gateway garbled.
enum HeaderFolder {
    /// The line length that RFC 5322 section 2.1.1 recommends.
    static let lineLength = 78

    /// Returns `value` as the raw value of a field named `name`, with LF line breaks as
    /// `HeaderField` keeps them (`MessageAssembler` writes CRLF).
    ///
    /// CR and NUL are removed. A line break before a space or tab is unfolded, and any
    /// other line break becomes a space, so the value cannot start a new field or end the
    /// header block. The value is then folded before white space so that each line fits
    /// in 78 octets, the first counting `name: `. A word longer than that stays whole on
    /// its own line.
    static func rawValue(_ value: String, name: String) -> [UInt8] {
        var output: [UInt8] = []
        var column = name.utf8.count + 2
        var lineHasText = false
        for word in words(unfolded(value)) {
            let hasText = word.contains { !isWhiteSpace($0) }
            if lineHasText, hasText, isWhiteSpace(word[0]), column + word.count > lineLength {
                output.append(0x0A)
                column = 0
            }
            output += word
            column += word.count
            lineHasText = lineHasText || hasText
        }
        return output
    }

    /// Returns `value` as one line: CR and NUL dropped, trailing line breaks dropped, a
    /// line break before white space removed, and any other line break made a space.
    static func unfolded(_ value: String) -> [UInt8] {
        var bytes = Array(value.utf8).filter { $0 != 0x0D && $0 != 0x00 }
        while bytes.last == 0x0A {
            bytes.removeLast()
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            guard byte == 0x0A else {
                output.append(byte)
                continue
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0x20
            if !isWhiteSpace(next) { output.append(0x20) }
        }
        return output
    }

    /// Splits a line into words, each after the first starting with the white space that
    /// precedes it, so that a fold can go before any word but the first.
    static func words(_ line: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for (index, byte) in line.enumerated() {
            let startsWord = isWhiteSpace(byte) && index > 0 && !isWhiteSpace(line[index - 1])
            if startsWord && !current.isEmpty {
                words.append(current)
                current = []
            }
            current.append(byte)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }
}
