/// A count per kind, kept in one vector so that counting allocates nothing and adding two
/// sets of counts is one vector addition.
struct KindCounts: Sendable {
    private var counts = SIMD32<Int32>()

    init() {}

    mutating func add(_ kind: PHIKind, _ count: Int = 1) {
        counts[kind.ordinal] &+= Int32(count)
    }

    mutating func add(_ other: KindCounts) {
        counts &+= other.counts
    }

    subscript(_ kind: PHIKind) -> Int { Int(counts[kind.ordinal]) }

    var isEmpty: Bool { counts == SIMD32() }

    /// The kinds with a count above zero and their counts.
    var dictionary: [PHIKind: Int] {
        var result: [PHIKind: Int] = [:]
        guard !isEmpty else { return result }
        for kind in PHIKind.allCases where self[kind] > 0 {
            result[kind] = self[kind]
        }
        return result
    }
}
