import PluginAPI

/// One right-hand side of a Postfix `smtp_tls_policy_maps` table, such as
/// `encrypt protocols=>=TLSv1.2` or `secure match=.example.net`.
struct PostfixTLSPolicy: Sendable, Hashable {
    /// The security levels of Postfix 3.7 (postconf(5), smtp_tls_security_level).
    enum Level: String, Sendable, Hashable, CaseIterable {
        case none, may, encrypt, dane
        case daneOnly = "dane-only"
        case fingerprint, verify, secure
    }

    var level: Level
    /// `name=value` attributes in order: `match`, `ciphers`, `protocols`, `exclude`,
    /// `tafile`, `connection_reuse` …
    var attributes: [(name: String, value: String)]

    /// Parses the text after the key. The level comes first; attributes follow, separated
    /// by white space.
    init(parsing text: String) throws(PolicyMapError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first else { throw .missingLevel }
        guard let level = Level(rawValue: first.lowercased()) else {
            throw .unknownLevel(first)
        }
        self.level = level
        attributes = []
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
                throw .invalidAttribute(field)
            }
            attributes.append(
                (
                    String(field[..<equals]).lowercased(),
                    String(field[field.index(after: equals)...])
                ))
        }
    }

    init(level: Level, attributes: [(name: String, value: String)] = []) {
        self.level = level
        self.attributes = attributes
    }

    /// The assurance that this entry gives for TLS to the destination.
    var assurance: TLSAssurance {
        switch level {
        case .none: .none
        case .may: .opportunistic
        case .encrypt: .encrypted
        case .dane, .daneOnly, .fingerprint, .verify, .secure: .verified
        }
    }

    /// The enforce transport that keeps this entry's promise. `fingerprint` pins a key
    /// that only the map itself can carry, so the milter's route uses `encrypt` for it
    /// and Postfix's own map still applies on non-PHI mail.
    var enforcementLevel: TLSEnforcementLevel? {
        switch level {
        case .none, .may: nil
        case .encrypt, .fingerprint: .encrypt
        case .dane, .daneOnly: .dane
        case .verify: .verify
        case .secure: .secure
        }
    }

    /// The entry as Postfix writes it.
    var text: String {
        ([level.rawValue] + attributes.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    static func == (lhs: PostfixTLSPolicy, rhs: PostfixTLSPolicy) -> Bool {
        lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }
}
