/// Prepares header names and values for libmilter, which wants LF-only folding and adds
/// the CR itself.
enum HeaderValueEncoder {
    /// The line length RFC 5322 recommends; longer lines are folded at white space.
    static let preferredLineLength = 78

    /// Returns `value` ready for `smfi_addheader`, `smfi_insheader` or `smfi_chgheader`.
    ///
    /// CR and NUL are removed. A line break not followed by a space or tab gets a tab, so
    /// text cannot start a new header field, and empty or blank continuation lines are
    /// dropped, so text cannot end the header block. A line longer than 78 octets,
    /// counting `name: ` on the first line, is folded before the last space or tab that
    /// keeps it within the limit. A line without white space stays long. Trailing line
    /// breaks are dropped. With `leadingSpace` (SMFIP_HDR_LEADSPC negotiated) the result
    /// starts with one space, which the MTA then writes after the colon as it stands.
    static func encode(_ value: String, name: String, leadingSpace: Bool) -> String {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in value.utf8 where byte != 0x0D && byte != 0x00 {
            if byte == 0x0A {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(current)

        var output: [UInt8] = []
        var firstLineOffset = name.utf8.count + 2
        for (index, line) in lines.enumerated() {
            guard index == 0 || line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
                continue
            }
            var physical = line
            if index > 0 {
                output.append(0x0A)
                if physical.first != 0x20 && physical.first != 0x09 {
                    physical.insert(0x09, at: 0)
                }
            }
            output.append(contentsOf: fold(physical, startColumn: firstLineOffset))
            firstLineOffset = 0
        }
        let text = String(decoding: output, as: UTF8.self)
        return leadingSpace ? " " + text : text
    }

    /// Breaks one physical line before white space so that each piece fits in
    /// `preferredLineLength` octets where possible.
    private static func fold(_ line: [UInt8], startColumn: Int) -> [UInt8] {
        var output: [UInt8] = []
        var remaining = line[...]
        var column = startColumn
        while column + remaining.count > preferredLineLength {
            let limit = max(preferredLineLength - column, 1)
            let window = remaining.prefix(limit + 1).dropFirst()
            guard
                let breakAt = window.lastIndex(where: { $0 == 0x20 || $0 == 0x09 })
                    ?? remaining.dropFirst().firstIndex(where: { $0 == 0x20 || $0 == 0x09 })
            else {
                break
            }
            let piece = remaining[..<breakAt]
            guard piece.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { break }
            output.append(contentsOf: piece)
            output.append(0x0A)
            remaining = remaining[breakAt...]
            column = 0
        }
        output.append(contentsOf: remaining)
        return output
    }

    /// True for a field name of printable ASCII without colon or space (RFC 5322 ftext).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }
    }

    /// Reduces a quarantine reason to printable ASCII of at most 255 octets.
    static func quarantineReason(_ reason: String) -> String {
        var bytes = reason.utf8.map { ($0 >= 0x20 && $0 < 0x7F) ? $0 : UInt8(ascii: "?") }
        if bytes.count > 255 { bytes = Array(bytes.prefix(255)) }
        if bytes.isEmpty { bytes = Array("quarantined by milter".utf8) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
