/// A shell-style pattern for the signature file: `*` matches any run of characters, `?`
/// one character, and `#` one or more ASCII digits. Everything else matches itself,
/// without regard to ASCII case unless the pattern is case-sensitive.
struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    private enum Element: Sendable, Hashable {
        case byte(UInt8)
        case anyRun
        case anyOne
        case digits
    }

    private let elements: [Element]
    let isCaseSensitive: Bool
    let description: String

    /// Maximum length of text that a pattern is tried on. Longer text is cut, which keeps
    /// the match table small for hostile header values.
    static let maxTextLength = 512

    init(_ pattern: String, caseSensitive: Bool = false) {
        description = pattern
        isCaseSensitive = caseSensitive
        elements = pattern.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "*"): .anyRun
            case UInt8(ascii: "?"): .anyOne
            case UInt8(ascii: "#"): .digits
            default: .byte(caseSensitive ? byte : GlobPattern.lowercased(byte))
            }
        }
    }

    /// Returns true when the whole of `text` matches. The table has one row per pattern
    /// element and one column per byte, filled from the end, so no input can make the
    /// match recurse or backtrack exponentially.
    func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(GlobPattern.maxTextLength)).map {
            isCaseSensitive ? $0 : GlobPattern.lowercased($0)
        }
        let count = bytes.count
        var next = [Bool](repeating: false, count: count + 1)
        next[count] = true
        var current = [Bool](repeating: false, count: count + 1)
        for element in elements.reversed() {
            for index in stride(from: count, through: 0, by: -1) {
                current[index] = GlobPattern.step(
                    element, bytes: bytes, at: index, rest: next, runFromNext: current)
            }
            swap(&next, &current)
        }
        return next[0]
    }

    /// Returns whether `element` followed by the rest of the pattern matches from `index`.
    /// `rest[i]` is true when the rest of the pattern matches from `i`; `runFromNext`
    /// holds the values for this element at later positions.
    private static func step(
        _ element: Element, bytes: [UInt8], at index: Int, rest: [Bool], runFromNext: [Bool]
    ) -> Bool {
        let hasByte = index < bytes.count
        switch element {
        case .anyRun:
            return rest[index] || (hasByte && runFromNext[index + 1])
        case .anyOne:
            return hasByte && rest[index + 1]
        case .digits:
            guard hasByte, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return false }
            return rest[index + 1] || runFromNext[index + 1]
        case .byte(let expected):
            return hasByte && bytes[index] == expected && rest[index + 1]
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
