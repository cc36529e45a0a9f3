/// The score of a message: the weights of the kinds found, identifiers and health
/// information each capped, so that a message reaches the default threshold only with both
/// an identifier of a person and health or patient context.
struct PHIScore: Sendable, Equatable {
    var identifier: Double
    var health: Double

    var total: Double { identifier + health }

    /// Scores a set of kinds. Each kind counts once, however often it was found.
    init(kinds: KindSet, settings: PHISettings) {
        var identifier = 0.0
        var health = 0.0
        // The sums are taken in `PHIKind` order, so the result does not depend on how the
        // set was built.
        kinds.forEach { kind in
            let weight = settings.weight(of: kind)
            switch kind.side {
            case .identifier: identifier += weight
            case .health: health += weight
            case .none: break
            }
        }
        self.identifier = min(identifier, settings.identifierScoreMax)
        self.health = min(health, settings.healthScoreMax)
    }
}
