/// A TLSA record (RFC 6698) as published at `_25._tcp.<mx host>` for SMTP (RFC 7672).
struct TLSARecord: Sendable, Hashable {
    /// 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE.
    var usage: UInt8
    /// 0 full certificate, 1 SubjectPublicKeyInfo.
    var selector: UInt8
    /// 0 exact match, 1 SHA-256, 2 SHA-512.
    var matchingType: UInt8
    var associationData: [UInt8]

    /// True for records that SMTP DANE uses. RFC 7672 section 3.1.3 makes usages 0 and 1
    /// unusable for SMTP, and unknown selectors or matching types are unusable anywhere.
    var isUsableForSMTP: Bool {
        (usage == 2 || usage == 3) && selector <= 1 && matchingType <= 2
            && !associationData.isEmpty
    }

    /// The record in zone-file form, such as `3 1 1 ab12…`.
    var presentation: String {
        let hex = associationData.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        return "\(usage) \(selector) \(matchingType) \(hex)"
    }
}
