/// What a dictionary term means to the detectors. A term can have several roles: `patient`
/// is both a label before a patient's name and a word that marks patient context.
///
/// Each role has a section name, used in dictionary files as `[drug]` or
/// `[account, needs_punctuation]`.
struct TermRole: OptionSet, Sendable, Hashable {
    let rawValue: UInt64

    // Health information: each is a finding of its own.
    static let drug = TermRole(rawValue: 1 << 0)
    static let diagnosis = TermRole(rawValue: 1 << 1)
    static let procedure = TermRole(rawValue: 1 << 2)
    static let labTest = TermRole(rawValue: 1 << 3)

    // Labels that bind the value right after them, or context within the window.
    static let ssnLabel = TermRole(rawValue: 1 << 8)
    static let itinLabel = TermRole(rawValue: 1 << 9)
    static let npiLabel = TermRole(rawValue: 1 << 10)
    static let deaLabel = TermRole(rawValue: 1 << 11)
    static let mbiLabel = TermRole(rawValue: 1 << 12)
    static let mrnLabel = TermRole(rawValue: 1 << 13)
    static let memberLabel = TermRole(rawValue: 1 << 14)
    static let accountLabel = TermRole(rawValue: 1 << 15)
    static let icdLabel = TermRole(rawValue: 1 << 16)
    static let ndcLabel = TermRole(rawValue: 1 << 17)
    static let cptLabel = TermRole(rawValue: 1 << 18)
    static let cardLabel = TermRole(rawValue: 1 << 19)
    static let dobLabel = TermRole(rawValue: 1 << 20)
    static let clinicalDateLabel = TermRole(rawValue: 1 << 21)
    static let ageLabel = TermRole(rawValue: 1 << 22)
    static let ageUnit = TermRole(rawValue: 1 << 23)
    static let phoneLabel = TermRole(rawValue: 1 << 24)
    static let addressLabel = TermRole(rawValue: 1 << 25)
    static let patientNameLabel = TermRole(rawValue: 1 << 26)
    static let personNameLabel = TermRole(rawValue: 1 << 27)
    static let patientWord = TermRole(rawValue: 1 << 28)

    // Words that change how candidates are read.
    static let negative = TermRole(rawValue: 1 << 32)
    static let month = TermRole(rawValue: 1 << 34)
    static let streetSuffix = TermRole(rawValue: 1 << 35)
    static let usState = TermRole(rawValue: 1 << 36)
    static let commonWord = TermRole(rawValue: 1 << 37)
    static let firstName = TermRole(rawValue: 1 << 38)
    /// The label binds a value only when `:`, `#` or `=` follows it, as in `Claim #: 123`.
    static let needsPunctuation = TermRole(rawValue: 1 << 39)

    static let healthTerm: TermRole = [.drug, .diagnosis, .procedure, .labTest]

    /// Every role that labels a value, for finding the label nearest to a candidate.
    static let anyLabel: TermRole = [
        .ssnLabel, .itinLabel, .npiLabel, .deaLabel, .mbiLabel, .mrnLabel, .memberLabel,
        .accountLabel, .icdLabel, .ndcLabel, .cptLabel, .cardLabel, .dobLabel,
        .clinicalDateLabel, .phoneLabel, .addressLabel,
    ]

    /// Section names as written in dictionary files.
    static let sectionNames: [(name: String, role: TermRole)] = [
        ("drug", .drug), ("diagnosis", .diagnosis), ("procedure", .procedure),
        ("lab_test", .labTest), ("ssn_label", .ssnLabel), ("itin_label", .itinLabel),
        ("npi_label", .npiLabel), ("dea_label", .deaLabel), ("mbi_label", .mbiLabel),
        ("mrn_label", .mrnLabel), ("member_label", .memberLabel),
        ("account_label", .accountLabel), ("icd_label", .icdLabel), ("ndc_label", .ndcLabel),
        ("cpt_label", .cptLabel), ("card_label", .cardLabel), ("dob_label", .dobLabel),
        ("clinical_date_label", .clinicalDateLabel), ("age_label", .ageLabel),
        ("age_unit", .ageUnit), ("phone_label", .phoneLabel),
        ("address_label", .addressLabel), ("patient_name_label", .patientNameLabel),
        ("person_name_label", .personNameLabel), ("patient_word", .patientWord),
        ("negative", .negative), ("month", .month),
        ("street_suffix", .streetSuffix), ("us_state", .usState),
        ("common_word", .commonWord), ("first_name", .firstName),
        ("needs_punctuation", .needsPunctuation),
    ]

    /// Returns the role for a section name, or nil for an unknown name.
    static func named(_ name: String) -> TermRole? {
        sectionNames.first { $0.name == name }?.role
    }
}
