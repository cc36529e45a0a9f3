/// The kinds of finding the plugin reports, in the vocabulary of replay output and the
/// audit trail.
public enum PHIKind: String, Sendable, Hashable, CaseIterable, Comparable {
    // Identifiers of a person.
    case ssn = "SSN"
    case mbi = "MBI"
    case mrn = "MRN"
    case memberID = "MEMBER_ID"
    case account = "ACCOUNT"
    case creditCard = "CREDIT_CARD"
    case name = "NAME"
    case dob = "DOB"
    case date = "DATE"
    case ageOver89 = "AGE_OVER_89"
    case address = "ADDRESS"
    case location = "LOCATION"
    case phone = "PHONE"
    // Identifiers of a provider, related to the patient but not naming them.
    case npi = "NPI"
    case dea = "DEA"
    // Health information.
    case icd10 = "ICD10"
    case ndc = "NDC"
    case drug = "DRUG"
    case diagnosis = "DIAGNOSIS"
    case procedure = "PROCEDURE"
    /// Words that tie the identifiers to a patient or health-plan member, such as a
    /// `Patient:` label bound to a name, or a medical record number.
    case patientContext = "PATIENT_CONTEXT"
    // Reasons to treat a message as sensitive without a score.
    case unscanned = "UNSCANNED"
    case trigger = "TRIGGER"

    /// Which side of the score the kind adds to.
    public enum Side: Sendable { case identifier, health, none }

    public var side: Side {
        switch self {
        case .ssn, .mbi, .mrn, .memberID, .account, .creditCard, .name, .dob, .date,
            .ageOver89, .address, .location, .phone, .npi, .dea:
            .identifier
        case .icd10, .ndc, .drug, .diagnosis, .procedure, .patientContext: .health
        case .unscanned, .trigger: .none
        }
    }

    /// The name used in the `X-TLSGuard-PHI` header, in rule ids and in config keys.
    public var detectorName: String {
        switch self {
        case .memberID: "member_id"
        case .creditCard: "credit_card"
        case .ageOver89: "age_over_89"
        case .patientContext: "patient_context"
        default: rawValue.lowercased()
        }
    }

    /// The default weight of one kind in the score.
    public var defaultWeight: Double {
        switch self {
        case .ssn, .mbi, .mrn: 4
        case .memberID, .dob, .icd10: 3
        case .account, .creditCard, .name, .ageOver89, .address, .ndc, .diagnosis,
            .patientContext:
            2
        case .date, .location, .phone, .npi, .dea, .drug, .procedure: 1
        case .unscanned, .trigger: 0
        }
    }

    /// True for kinds listed in `phi_kinds`: everything except the internal patient
    /// context marker.
    public var isReported: Bool { self != .patientContext }

    public static func < (lhs: PHIKind, rhs: PHIKind) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    /// Hashes the kind's ordinal. A raw-value enum would otherwise hash its raw string,
    /// which is slower for the small dictionaries of kinds built for every message.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    /// Every kind at its `ordinal`, built once: `allCases` builds a new array on each use.
    static let byOrdinal: [PHIKind] = allCases

    /// The kind's position in `allCases`, for tables indexed by kind.
    var ordinal: Int {
        switch self {
        case .ssn: 0
        case .mbi: 1
        case .mrn: 2
        case .memberID: 3
        case .account: 4
        case .creditCard: 5
        case .name: 6
        case .dob: 7
        case .date: 8
        case .ageOver89: 9
        case .address: 10
        case .location: 11
        case .phone: 12
        case .npi: 13
        case .dea: 14
        case .icd10: 15
        case .ndc: 16
        case .drug: 17
        case .diagnosis: 18
        case .procedure: 19
        case .patientContext: 20
        case .unscanned: 21
        case .trigger: 22
        }
    }
}

/// A set of kinds as a bit mask, cheap to build once per message.
struct KindSet: Sendable, Equatable {
    private(set) var bits: UInt64 = 0

    init() {}

    init(_ kinds: some Sequence<PHIKind>) {
        for kind in kinds { insert(kind) }
    }

    @inline(__always)
    mutating func insert(_ kind: PHIKind) {
        bits |= 1 << UInt64(kind.ordinal)
    }

    @inline(__always)
    func contains(_ kind: PHIKind) -> Bool {
        bits & (1 << UInt64(kind.ordinal)) != 0
    }

    func intersects(_ other: KindSet) -> Bool {
        bits & other.bits != 0
    }

    mutating func formUnion(_ other: KindSet) {
        bits |= other.bits
    }

    var count: Int { bits.nonzeroBitCount }

    var isEmpty: Bool { bits == 0 }

    /// Calls `body` with each kind of the set, in `PHIKind` order.
    @inline(__always)
    func forEach(_ body: (PHIKind) -> Void) {
        var remaining = bits
        while remaining != 0 {
            body(PHIKind.byOrdinal[remaining.trailingZeroBitCount])
            remaining &= remaining &- 1
        }
    }

    /// Returns the set without `kind`.
    func removing(_ kind: PHIKind) -> KindSet {
        var result = self
        result.bits &= ~(1 << UInt64(kind.ordinal))
        return result
    }
}
