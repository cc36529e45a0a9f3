/// One header field as it arrived: the name and the raw bytes of the value.
///
/// `rawValue` is everything after the colon, folding kept, with a leading space removed
/// only when the source removed it (Postfix removes it unless a milter negotiates
/// SMFIP_HDR_LEADSPC). Nothing is dropped for 8-bit bytes or an empty value.
public struct HeaderField: Sendable, Hashable {
    public var name: String
    public var rawValue: [UInt8]

    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    public init(name: String, value: String) {
        self.init(name: name, rawValue: Array(value.utf8))
    }

    /// Returns true when the field's name is `other`, compared without regard to case.
    public func hasName(_ other: String) -> Bool {
        name.utf8.count == other.utf8.count
            && zip(name.utf8, other.utf8).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }
}

@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}
