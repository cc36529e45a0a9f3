/// The parameters of a Content-Type or Content-Disposition value (RFC 2045, RFC 2231).
///
/// Values are assembled and decoded. RFC 2231 continuations (`name*0`, `name*1*`) are
/// joined in numeric order. Extended values (`name*=charset'lang'%XX`) are percent-decoded
/// and converted from their charset. RFC 2047 encoded words in plain values are decoded,
/// because many mailers write them into file names. When a name has both an RFC 2231 and a
/// plain form, the RFC 2231 form wins. When a parameter is repeated, the first one wins and
/// the name is listed in `duplicateNames`.
public struct MIMEParameters: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        /// Lower-cased name without RFC 2231 markers.
        public var name: String
        public var value: String
        /// The value's bytes before charset conversion: unquoted bytes of a plain value,
        /// or the percent-decoded bytes of an RFC 2231 value. Boundaries are matched on
        /// these.
        public var bytes: [UInt8]
    }

    public private(set) var parameters: [Parameter] = []
    public private(set) var duplicateNames: [String] = []

    public init() {}

    /// Returns the decoded value of the first parameter named `name` (compared without
    /// case), or nil.
    public subscript(name: String) -> String? {
        parameter(named: name)?.value
    }

    /// Returns the raw bytes of the first parameter named `name`, or nil.
    public func bytes(of name: String) -> [UInt8]? {
        parameter(named: name)?.bytes
    }

    public func parameter(named name: String) -> Parameter? {
        let lowered = name.asciiLowercased
        return parameters.first { $0.name == lowered }
    }

    /// Parses the parameter list that follows the first `;` of a header value. `value`
    /// should be unfolded.
    public static func parse(_ value: ArraySlice<UInt8>) -> MIMEParameters {
        let raw = ParameterListScanner.scan(value)
        return assemble(raw)
    }

    // MARK: - RFC 2231 assembly

    private static func assemble(_ raw: [RawParameter]) -> MIMEParameters {
        var result = MIMEParameters()
        var order: [String] = []
        var groups: [String: [RawParameter]] = [:]
        for parameter in raw {
            if groups[parameter.baseName] == nil {
                order.append(parameter.baseName)
            }
            groups[parameter.baseName, default: []].append(parameter)
        }
        for name in order {
            guard let group = groups[name] else { continue }
            let assembled = assembleGroup(name: name, group)
            result.parameters.append(assembled.parameter)
            if assembled.hasDuplicates {
                result.duplicateNames.append(name)
            }
        }
        return result
    }

    private static func assembleGroup(name: String, _ group: [RawParameter]) -> (
        parameter: Parameter, hasDuplicates: Bool
    ) {
        let plain = group.filter { $0.section == nil && !$0.isExtended }
        let extended = group.filter { $0.section == nil && $0.isExtended }
        let sections = group.filter { $0.section != nil }
        var hasDuplicates = plain.count > 1 || extended.count > 1
        if let first = extended.first {
            return (decodeExtended(name: name, [first]), hasDuplicates)
        }
        if !sections.isEmpty {
            var seen = Set<Int>()
            var ordered: [RawParameter] = []
            for section in sections.sorted(by: { ($0.section ?? 0) < ($1.section ?? 0) }) {
                if seen.insert(section.section ?? 0).inserted {
                    ordered.append(section)
                } else {
                    hasDuplicates = true
                }
            }
            return (decodeExtended(name: name, ordered), hasDuplicates)
        }
        let bytes = plain.first?.value ?? []
        let text = EncodedWordDecoder.decode(bytes).text
        return (Parameter(name: name, value: text, bytes: bytes), hasDuplicates)
    }

    /// Joins RFC 2231 sections; the first extended section may carry `charset'language'`.
    private static func decodeExtended(name: String, _ sections: [RawParameter]) -> Parameter {
        var bytes: [UInt8] = []
        var charset: String?
        for (position, section) in sections.enumerated() {
            var value = section.value[...]
            if position == 0 && section.isExtended {
                let quotes = value.indices.filter { value[$0] == ASCII.apostrophe }
                if quotes.count >= 2 {
                    let label = value[value.startIndex..<quotes[0]]
                    charset = label.isEmpty ? nil : String(decoding: label, as: UTF8.self)
                    value = value[(quotes[1] + 1)...]
                }
            }
            bytes.append(
                contentsOf: section.isExtended
                    ? QuotedText.decodeHexEscapes(value, escape: ASCII.percent) : Array(value))
        }
        let text: String
        if let charset {
            text = CharsetConverter.decode(bytes, declaredCharset: charset).string
        } else {
            text = EncodedWordDecoder.decode(bytes).text
        }
        return Parameter(name: name, value: text, bytes: bytes)
    }
}

/// One `name=value` pair as written, before RFC 2231 assembly.
struct RawParameter {
    /// Lower-cased name without `*N` or `*`.
    var baseName: String
    /// The continuation number of `name*N`, or nil.
    var section: Int?
    /// True for `name*` and `name*N*`, whose value is percent-encoded.
    var isExtended: Bool
    /// The value with quotes removed and quoted pairs resolved.
    var value: [UInt8]

    init(name: ArraySlice<UInt8>, value: [UInt8]) {
        var nameBytes = name.asciiLowercased()
        isExtended = false
        section = nil
        if nameBytes.last == ASCII.asterisk {
            isExtended = true
            nameBytes.removeLast()
        }
        if let star = nameBytes.lastIndex(of: ASCII.asterisk) {
            let digits = nameBytes[(star + 1)...]
            if !digits.isEmpty, digits.count <= 4, digits.allSatisfy(ASCII.isDigit) {
                section = Int(String(decoding: digits, as: UTF8.self))
                nameBytes.removeSubrange(star...)
            }
        }
        baseName = String(decoding: nameBytes, as: UTF8.self)
        self.value = value
    }
}
