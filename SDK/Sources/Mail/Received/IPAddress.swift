/// An IPv4 or IPv6 address as 4 or 16 bytes in network order, with the text it was read
/// from.
///
/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) become the IPv4 address, so one host
/// compares equal whichever way an MTA wrote it. Equality and hashing use the bytes only.
/// `description` is the address as written, lower-cased; `canonicalText` is the RFC 5952
/// form.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 bytes for IPv6.
    public let bytes: [UInt8]
    /// The address as written, lower-cased; the dotted quad for an IPv4-mapped address.
    public let description: String

    /// Parses `text` strictly: a dotted quad, or IPv6 text with an optional trailing dotted
    /// quad. Returns nil for anything else, including brackets, zone ids and ports, which
    /// `init(lenient:)` removes first.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        if let v4 = IPAddress.parseIPv4(utf8[...]) {
            bytes = v4
            description = String(text)
        } else if let v6 = IPAddress.parseIPv6(utf8[...]) {
            let isMapped = IPAddress.isMappedIPv4(v6)
            bytes = isMapped ? Array(v6[12...]) : v6
            description =
                isMapped ? bytes.map { String($0) }.joined(separator: ".") : text.lowercased()
        } else {
            return nil
        }
    }

    /// Parses an address as MTAs write it in trace headers: inside brackets (also doubled,
    /// as in `[fe80::1%9]]`), with an `IPv6:` tag in any case, a `%zone` suffix or a
    /// `:port` after the brackets. Returns nil when no address remains.
    public init?(lenient text: some StringProtocol) {
        var core = Substring(text)
        if core.first == "[" {
            core = core.dropFirst()
            guard let close = core.firstIndex(of: "]") else { return nil }
            core = core[..<close]
        }
        if core.count > 5, core.prefix(5).lowercased() == "ipv6:" {
            core = core.dropFirst(5)
        }
        if let percent = core.firstIndex(of: "%") {
            core = core[..<percent]
        }
        self.init(core)
    }

    public static func == (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.bytes == rhs.bytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// 127.0.0.0/8 or ::1.
    public var isLoopback: Bool {
        if isIPv4 { return bytes[0] == 127 }
        return bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
    }

    /// RFC 1918 and RFC 4193 ranges: 10/8, 172.16/12, 192.168/16, fc00::/7.
    public var isPrivate: Bool {
        if isIPv4 {
            return bytes[0] == 10 || (bytes[0] == 172 && bytes[1] & 0xF0 == 16)
                || (bytes[0] == 192 && bytes[1] == 168)
        }
        return bytes[0] & 0xFE == 0xFC
    }

    /// 169.254/16 or fe80::/10: addresses that never leave one network link.
    public var isLinkLocal: Bool {
        if isIPv4 { return bytes[0] == 169 && bytes[1] == 254 }
        return bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
    }

    /// The RFC 5952 text form: lower case, leading zeros dropped, the longest run of two or
    /// more zero groups written as `::`.
    public var canonicalText: String {
        isIPv4 ? bytes.map { String($0) }.joined(separator: ".") : ipv6Text
    }

    // MARK: - Parsing

    static func parseIPv4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var value = 0
        var digits = 0
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, result.count < 3 else { return nil }
                result.append(UInt8(value))
                value = 0
                digits = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                guard digits <= 3, value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, result.count == 3 else { return nil }
        result.append(UInt8(value))
        return result
    }

    static func parseIPv6(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        let colon = UInt8(ascii: ":")
        var doubleColon: Int? = nil
        var index = text.startIndex
        while index + 1 < text.endIndex {
            if text[index] == colon && text[index + 1] == colon {
                guard doubleColon == nil else { return nil }
                doubleColon = index
            }
            index += 1
        }
        guard let doubleColon else {
            let all = parseGroups(text, allowsIPv4Tail: true)
            return all?.count == 16 ? all : nil
        }
        guard let head = parseGroups(text[..<doubleColon], allowsIPv4Tail: false),
            let tail = parseGroups(text[(doubleColon + 2)...], allowsIPv4Tail: true),
            head.count + tail.count <= 14
        else {
            return nil
        }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Parses colon-separated hex groups, the last of which may be a dotted quad, into
    /// bytes. An empty part gives no bytes; an empty group is invalid.
    private static func parseGroups(_ part: ArraySlice<UInt8>, allowsIPv4Tail: Bool)
        -> [UInt8]?
    {
        guard !part.isEmpty else { return [] }
        let fields = part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var result: [UInt8] = []
        for (position, field) in fields.enumerated() {
            if allowsIPv4Tail, position == fields.count - 1, field.contains(UInt8(ascii: ".")) {
                guard let v4 = parseIPv4(field) else { return nil }
                result += v4
            } else {
                guard let value = parseHexGroup(field) else { return nil }
                result += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
        }
        return result
    }

    private static func parseHexGroup(_ group: ArraySlice<UInt8>) -> UInt16? {
        guard group.count >= 1, group.count <= 4 else { return nil }
        var value: UInt16 = 0
        for byte in group {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func isMappedIPv4(_ bytes: [UInt8]) -> Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    // MARK: - Formatting

    private var ipv6Text: String {
        let groups = stride(from: 0, to: 16, by: 2).map {
            UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
        }
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if runStart < 0 { runStart = index }
                let length = index - runStart + 1
                if length > bestLength {
                    bestStart = runStart
                    bestLength = length
                }
            } else {
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                text += "::"
                index += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }
}
