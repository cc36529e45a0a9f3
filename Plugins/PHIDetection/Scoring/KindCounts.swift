/// A count per kind, kept inline so that counting allocates nothing.
struct KindCounts: Sendable {
    private var counts = InlineArray<32, Int32>(repeating: 0)

    init() {}

    mutating func add(_ kind: PHIKind, _ count: Int = 1) {
        counts[kind.ordinal] += Int32(count)
    }

    mutating func add(_ other: KindCounts) {
        for index in counts.indices {
            counts[index] += other.counts[index]
        }
    }

    subscript(_ kind: PHIKind) -> Int { Int(counts[kind.ordinal]) }

    var isEmpty: Bool { counts.indices.allSatisfy { counts[$0] == 0 } }

    /// The kinds with a count above zero and their counts.
    var dictionary: [PHIKind: Int] {
        var result: [PHIKind: Int] = [:]
        for kind in PHIKind.allCases where self[kind] > 0 {
            result[kind] = self[kind]
        }
        return result
    }
}
