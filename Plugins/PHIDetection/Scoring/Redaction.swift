/// Redacted forms of matched values for the audit trail, written only when
/// `phi_audit_redacted = yes`. Each form keeps at most what a support desk needs to match a
/// record, such as the last four characters of a number.
enum Redaction {
    /// Returns the redacted form of `value` for `kind`, or nil for kinds whose value is
    /// never written, even redacted.
    static func redact(_ value: some Collection<UInt8>, kind: PHIKind) -> String? {
        switch kind {
        case .ssn, .mbi, .mrn, .memberID, .account, .creditCard, .phone, .npi, .dea:
            keepingLastFour(value)
        case .name:
            initials(value)
        case .dob, .date:
            String(decoding: value.map { ASCII.isAlphanumeric($0) ? 0x2A : $0 }, as: UTF8.self)
        case .ageOver89:
            "90+"
        default:
            nil
        }
    }

    private static func keepingLastFour(_ value: some Collection<UInt8>) -> String {
        let total = value.filter(ASCII.isAlphanumeric).count
        var seen = 0
        var output: [UInt8] = []
        for byte in value {
            guard ASCII.isAlphanumeric(byte) else {
                output.append(byte)
                continue
            }
            seen += 1
            output.append(seen > total - 4 ? byte : 0x2A)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func initials(_ value: some Collection<UInt8>) -> String {
        var output = ""
        var atWordStart = true
        for byte in value {
            if ASCII.isLetter(byte) && atWordStart {
                output += String(UnicodeScalar(ASCII.lowercased(byte) & 0xDF)) + "."
            }
            atWordStart = byte == 0x20 || byte == 0x2C
        }
        return output
    }
}
