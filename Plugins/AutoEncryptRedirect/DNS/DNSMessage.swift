/// A parsed DNS response: the header flags this plugin needs and the answer records.
///
/// The parser reads a response from the wire, so it treats every length and pointer as
/// untrusted: names may use at most 128 compression pointers and 255 octets, and every
/// read is bounds-checked. A malformed response throws `DNSError.malformedResponse`.
struct DNSMessage: Sendable, Equatable {
    /// RCODE from the header: 0 NOERROR, 3 NXDOMAIN.
    var responseCode: Int
    /// The AD bit. It means something only when a trusted validating resolver set it.
    var authenticData: Bool
    var truncated: Bool
    var answers: [DNSRecord]

    init(responseCode: Int, authenticData: Bool, truncated: Bool, answers: [DNSRecord]) {
        self.responseCode = responseCode
        self.authenticData = authenticData
        self.truncated = truncated
        self.answers = answers
    }

    /// Parses `bytes`, a whole DNS message as received.
    init(parsing bytes: [UInt8]) throws(DNSError) {
        var reader = DNSReader(bytes: bytes)
        _ = try reader.uint16()
        let flags = try reader.uint16()
        let questionCount = try reader.uint16()
        let answerCount = try reader.uint16()
        _ = try reader.uint16()
        _ = try reader.uint16()

        for _ in 0..<questionCount {
            _ = try reader.name()
            try reader.skip(4)
        }
        var answers: [DNSRecord] = []
        for _ in 0..<answerCount {
            answers.append(try reader.record())
        }
        self.init(
            responseCode: Int(flags & 0x000F), authenticData: flags & 0x0020 != 0,
            truncated: flags & 0x0200 != 0, answers: answers)
    }
}

/// One resource record of an answer section, with its data still in wire form.
struct DNSRecord: Sendable, Equatable {
    var name: String
    /// nil for a type this plugin does not decode.
    var type: DNSRecordType?
    var ttl: UInt32
    var data: DNSRecordData
}

/// Record types that this plugin queries.
enum DNSRecordType: UInt16, Sendable {
    case a = 1
    case cname = 5
    case mx = 15
    case txt = 16
    case aaaa = 28
    case tlsa = 52
}

/// Decoded record data for the types in `DNSRecordType`; `other` keeps unknown types.
enum DNSRecordData: Sendable, Equatable {
    case address(String)
    case name(String)
    case mailExchanger(preference: Int, exchange: String)
    /// The character-strings of a TXT record, joined as RFC 7208 and RFC 8461 read them.
    case text(String)
    case tlsa(TLSARecord)
    case other(type: UInt16)
}

/// A bounds-checked cursor over a DNS message.
private struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func byte() throws(DNSError) -> UInt8 {
        guard offset < bytes.count else { throw .malformedResponse("message ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws(DNSError) -> Int {
        Int(try byte()) << 8 | Int(try byte())
    }

    mutating func uint32() throws(DNSError) -> UInt32 {
        UInt32(try uint16()) << 16 | UInt32(try uint16())
    }

    mutating func skip(_ count: Int) throws(DNSError) {
        guard offset + count <= bytes.count else {
            throw .malformedResponse("message ends early")
        }
        offset += count
    }

    /// Reads a possibly compressed domain name and returns it lower-cased, without the
    /// final dot.
    mutating func name() throws(DNSError) -> String {
        var labels: [String] = []
        var position = offset
        var jumps = 0
        var length = 0
        var endAfterName: Int?
        while true {
            guard position < bytes.count else { throw .malformedResponse("name ends early") }
            let count = Int(bytes[position])
            if count & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count, jumps < 128 else {
                    throw .malformedResponse("invalid compression pointer")
                }
                if endAfterName == nil { endAfterName = position + 2 }
                position = (count & 0x3F) << 8 | Int(bytes[position + 1])
                jumps += 1
                continue
            }
            guard count & 0xC0 == 0 else { throw .malformedResponse("invalid label type") }
            if count == 0 {
                offset = endAfterName ?? position + 1
                return labels.joined(separator: ".").lowercased()
            }
            length += count + 1
            guard position + 1 + count <= bytes.count, length <= 255 else {
                throw .malformedResponse("name too long")
            }
            let label = bytes[(position + 1)..<(position + 1 + count)]
            labels.append(String(decoding: label, as: UTF8.self))
            position += 1 + count
        }
    }

    mutating func record() throws(DNSError) -> DNSRecord {
        let owner = try name()
        let typeCode = UInt16(try uint16())
        try skip(2)
        let ttl = try uint32()
        let length = try uint16()
        let start = offset
        guard start + length <= bytes.count else {
            throw .malformedResponse("record data ends early")
        }
        let type = DNSRecordType(rawValue: typeCode)
        let data = try recordData(type: type, code: typeCode, length: length)
        offset = start + length
        return DNSRecord(name: owner, type: type, ttl: ttl, data: data)
    }

    private mutating func recordData(type: DNSRecordType?, code: UInt16, length: Int)
        throws(DNSError) -> DNSRecordData
    {
        let data = Array(bytes[offset..<(offset + length)])
        switch type {
        case .a:
            guard length == 4 else { throw .malformedResponse("A record of \(length) bytes") }
            return .address(data.map(String.init).joined(separator: "."))
        case .aaaa:
            guard length == 16 else { throw .malformedResponse("AAAA record of \(length) bytes") }
            return .address(DNSReader.ipv6Text(data))
        case .cname:
            return .name(try name())
        case .mx:
            let preference = try uint16()
            return .mailExchanger(preference: preference, exchange: try name())
        case .txt:
            return .text(try DNSReader.characterStrings(data))
        case .tlsa:
            guard length >= 3 else { throw .malformedResponse("TLSA record of \(length) bytes") }
            return .tlsa(
                TLSARecord(
                    usage: data[0], selector: data[1], matchingType: data[2],
                    associationData: Array(data[3...])))
        case nil:
            return .other(type: code)
        }
    }

    static func characterStrings(_ data: [UInt8]) throws(DNSError) -> String {
        var text: [UInt8] = []
        var index = 0
        while index < data.count {
            let count = Int(data[index])
            guard index + 1 + count <= data.count else {
                throw .malformedResponse("TXT string ends early")
            }
            text += data[(index + 1)..<(index + 1 + count)]
            index += 1 + count
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func ipv6Text(_ data: [UInt8]) -> String {
        stride(from: 0, to: 16, by: 2).map { index in
            String(Int(data[index]) << 8 | Int(data[index + 1]), radix: 16)
        }.joined(separator: ":")
    }
}
