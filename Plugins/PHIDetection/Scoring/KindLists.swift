/// A collection whose elements are at the set bits of a 64-bit mask, indexed by bit
/// position, so that reading it allocates nothing.
public protocol BitMaskCollection: Collection where Index == Int {
    /// The bits of the elements present.
    var mask: UInt64 { get }
}

extension BitMaskCollection {
    public var startIndex: Int { mask == 0 ? endIndex : mask.trailingZeroBitCount }
    public var endIndex: Int { UInt64.bitWidth }
    public var count: Int { mask.nonzeroBitCount }
    public var isEmpty: Bool { mask == 0 }

    public func index(after index: Int) -> Int {
        guard index < endIndex - 1 else { return endIndex }
        let rest = mask & (UInt64.max << UInt64(index + 1))
        return rest == 0 ? endIndex : rest.trailingZeroBitCount
    }
}

/// The kinds of an assessment in `PHIKind` order. It reads a bit mask, so a message's
/// kinds can be listed as often as needed without building an array.
public struct PHIKindList: BitMaskCollection, Sendable, Equatable, CustomStringConvertible {
    let kinds: KindSet

    init(_ kinds: KindSet) {
        self.kinds = kinds
    }

    public var mask: UInt64 { kinds.bits }

    public subscript(position: Int) -> PHIKind { PHIKind.byOrdinal[position] }

    public var description: String { "[" + map(\.rawValue).joined(separator: ", ") + "]" }
}

/// Counts by kind, in `PHIKind` order, as `(key, value)` pairs like a dictionary's. It
/// reads a vector of counts and the mask of the kinds counted, so it allocates nothing.
public struct PHIKindCounts: BitMaskCollection, Sendable {
    public typealias Element = (key: PHIKind, value: Int)

    let counts: KindCounts

    init(_ counts: KindCounts) {
        self.counts = counts
    }

    public var mask: UInt64 { counts.counted.bits }

    public subscript(position: Int) -> Element {
        let kind = PHIKind.byOrdinal[position]
        return (kind, counts[kind])
    }

    /// Returns the count of `kind`, 0 when none was counted.
    public subscript(kind: PHIKind) -> Int { counts[kind] }
}
