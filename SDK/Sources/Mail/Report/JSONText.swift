/// Minimal JSON writing for reports: strings escaped per RFC 8259, keys in the order given.
public struct JSONText {
    private(set) public var output = ""

    public init() {}

    /// Appends `text` as a JSON string literal.
    public mutating func string(_ text: String) {
        output += Self.quoted(text)
    }

    public mutating func raw(_ text: String) {
        output += text
    }

    /// Returns `text` as a JSON string literal. Quotes, backslashes and control characters
    /// are escaped; other characters stay UTF-8.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = [ASCII.quote]
        bytes.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case ASCII.quote: bytes += [ASCII.backslash, ASCII.quote]
            case ASCII.backslash: bytes += [ASCII.backslash, ASCII.backslash]
            case ASCII.lineFeed: bytes += Array("\\n".utf8)
            case ASCII.carriageReturn: bytes += Array("\\r".utf8)
            case ASCII.tab: bytes += Array("\\t".utf8)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(ASCII.quote)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func optional(_ text: String?) -> String {
        text.map(quoted) ?? "null"
    }
}
