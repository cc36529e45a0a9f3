/// A count per kind, kept in one vector so that counting allocates nothing and adding two
/// sets of counts is one vector addition.
struct KindCounts: Sendable {
    private var counts = SIMD32<Int32>()
    /// The sum of the counts, so that the common empty case needs no look at the vector.
    private var total = 0
    /// The kinds with a count above zero.
    private(set) var counted = KindSet()

    init() {}

    mutating func add(_ kind: PHIKind, _ count: Int = 1) {
        counts[kind.ordinal] &+= Int32(count)
        total += count
        counted.insert(kind)
    }

    mutating func add(_ other: KindCounts) {
        guard other.total > 0 else { return }
        counts &+= other.counts
        total += other.total
        counted.formUnion(other.counted)
    }

    subscript(_ kind: PHIKind) -> Int { Int(counts[kind.ordinal]) }

    var isEmpty: Bool { total == 0 }
}
