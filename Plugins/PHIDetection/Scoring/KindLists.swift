/// The positions of the set bits of a 64-bit mask, as collection indices: a collection over
/// a bit mask reads its elements without allocating.
enum BitPositions {
    /// The position past the last one.
    static let end = 64

    /// Returns the lowest set bit's position, or `end` when no bit is set.
    @inline(__always)
    static func first(_ bits: UInt64) -> Int {
        bits == 0 ? end : bits.trailingZeroBitCount
    }

    /// Returns the position of the next set bit after `position`, or `end`.
    @inline(__always)
    static func next(_ bits: UInt64, after position: Int) -> Int {
        guard position < end - 1 else { return end }
        return first(bits & (UInt64.max << UInt64(position + 1)))
    }
}

/// The kinds of an assessment in `PHIKind` order. It reads a bit mask, so a message's
/// kinds can be listed as often as needed without building an array.
public struct PHIKindList: Collection, Sendable, Equatable, CustomStringConvertible {
    let kinds: KindSet

    init(_ kinds: KindSet) {
        self.kinds = kinds
    }

    public var startIndex: Int { BitPositions.first(kinds.bits) }
    public var endIndex: Int { BitPositions.end }
    public var count: Int { kinds.count }
    public var isEmpty: Bool { kinds.isEmpty }

    public func index(after index: Int) -> Int {
        BitPositions.next(kinds.bits, after: index)
    }

    public subscript(position: Int) -> PHIKind { PHIKind.byOrdinal[position] }

    public var description: String { "[" + map(\.rawValue).joined(separator: ", ") + "]" }
}

/// Counts by kind, in `PHIKind` order, as `(key, value)` pairs like a dictionary's. It
/// reads a vector of counts and the mask of the kinds counted, so it allocates nothing.
public struct PHIKindCounts: Collection, Sendable {
    let counts: KindCounts

    init(_ counts: KindCounts) {
        self.counts = counts
    }

    public var startIndex: Int { BitPositions.first(counts.countedKinds.bits) }
    public var endIndex: Int { BitPositions.end }
    public var count: Int { counts.countedKinds.count }
    public var isEmpty: Bool { counts.isEmpty }

    public func index(after index: Int) -> Int {
        BitPositions.next(counts.countedKinds.bits, after: index)
    }

    public subscript(position: Int) -> (key: PHIKind, value: Int) {
        let kind = PHIKind.byOrdinal[position]
        return (kind, counts[kind])
    }

    /// Returns the count of `kind`, 0 when none was counted.
    public subscript(kind: PHIKind) -> Int { counts[kind] }
}
