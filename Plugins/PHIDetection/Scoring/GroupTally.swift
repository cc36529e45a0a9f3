/// The location of a detection. The struct holds no references, so copying it is cheap.
struct LocationEntry {
    /// Index into the collector's part paths.
    var part: Int32
    /// Index into the collector's redacted values, or -1.
    var redaction: Int32 = -1
    var offset: Int
    var length: Int
}

/// The detections of one kind and rule, counted as they arrive instead of kept one by one:
/// the count, when the first one arrived, and the first `PHIDetector.maxLocations`
/// locations. The locations lie in a block of the collector's entry store, so a tally owns
/// no array of its own.
struct LocationTally {
    private(set) var count = 0
    /// The number of detections of the message that arrived before the first one of this
    /// tally, which orders groups of the same kind as they first appeared.
    private(set) var firstSequence = Int.max
    /// The first index of the tally's block in the entry store.
    private let block: Int
    private(set) var storedCount = 0

    /// Creates a tally with a new block at the end of `store`.
    init(store: inout [LocationEntry]) {
        block = store.count
        store.append(contentsOf: LocationTally.emptyBlock)
    }

    /// A block of unused entries, copied whole rather than built entry by entry.
    private static let emptyBlock = [LocationEntry](
        repeating: LocationEntry(part: 0, offset: 0, length: 0), count: PHIDetector.maxLocations)

    var isFull: Bool { storedCount >= PHIDetector.maxLocations }

    /// The indices of the kept locations in the entry store.
    var entryIndices: Range<Int> { block..<(block + storedCount) }

    mutating func add(_ entry: LocationEntry, sequence: Int, store: inout [LocationEntry]) {
        if count == 0 { firstSequence = sequence }
        count += 1
        if !isFull {
            store[block + storedCount] = entry
            storedCount += 1
        }
    }

    /// Adds a location as `add(_:sequence:store:)` does, to an entry store given by its
    /// memory.
    mutating func add(
        _ entry: LocationEntry, sequence: Int, store: UnsafeMutableBufferPointer<LocationEntry>
    ) {
        if count == 0 { firstSequence = sequence }
        count += 1
        if !isFull {
            store[block + storedCount] = entry
            storedCount += 1
        }
    }
}

/// The detections of one kind and rule, with whether any of them counts only when the
/// message has patient context.
struct GroupTally {
    let kind: PHIKind
    let variant: Detection.Variant
    private(set) var locations: LocationTally
    /// True when a detection of the group counts only with patient context: a phone
    /// number, address or place, or a name after a generic label.
    private(set) var needsContext = false

    init(kind: PHIKind, variant: Detection.Variant, store: inout [LocationEntry]) {
        self.kind = kind
        self.variant = variant
        self.locations = LocationTally(store: &store)
    }

    mutating func add(
        _ entry: LocationEntry, needsContext: Bool, sequence: Int, store: inout [LocationEntry]
    ) {
        self.needsContext = self.needsContext || needsContext
        locations.add(entry, sequence: sequence, store: &store)
    }

    /// Adds a detection as `add(_:needsContext:sequence:store:)` does, to an entry store
    /// given by its memory.
    mutating func add(
        _ entry: LocationEntry, needsContext: Bool, sequence: Int,
        store: UnsafeMutableBufferPointer<LocationEntry>
    ) {
        self.needsContext = self.needsContext || needsContext
        locations.add(entry, sequence: sequence, store: store)
    }
}

/// The arrays of a `DetectionCollector`, which one assessment leaves for the next.
struct CollectorStorage: Sendable {
    var tallies: [GroupTally] = []
    /// `kind.ordinal * variants + variant` of each tally, in the order of the tallies.
    private(set) var tallyKeys: [Int] = []
    /// The index of the tally of each key plus one, or 0 for a key without a tally. Empty
    /// until the first tally is added, so that empty storage allocates nothing; `removeAll`
    /// clears only the entries of `tallyKeys`.
    private var tallyIndexOfKey: [Int32] = []
    /// The blocks of locations of the tallies.
    var entries: [LocationEntry] = []
    var partPaths: [String] = []
    var redactions: [String] = []

    /// The number of keys: one per kind and rule variant.
    static let keyCount = PHIKind.byOrdinal.count * Detection.Variant.count

    /// Returns the index of the tally of `key`, or nil when it has none.
    @inline(__always)
    func tally(ofKey key: Int) -> Int? {
        guard key < tallyIndexOfKey.count else { return nil }
        let stored = Int(tallyIndexOfKey[key])
        return stored > 0 ? stored - 1 : nil
    }

    /// Records that the tally added next, at index `tallies.count`, is the one of `key`.
    mutating func addTallyKey(_ key: Int) {
        if tallyIndexOfKey.isEmpty {
            tallyIndexOfKey = [Int32](repeating: 0, count: CollectorStorage.keyCount)
        }
        tallyIndexOfKey[key] = Int32(tallies.count + 1)
        tallyKeys.append(key)
    }

    /// Empties the arrays and keeps their storage.
    mutating func removeAll() {
        for key in tallyKeys { tallyIndexOfKey[key] = 0 }
        tallies.removeAllKeepingStorage()
        tallyKeys.removeAllKeepingStorage()
        entries.removeAllKeepingStorage()
        partPaths.removeAllKeepingStorage()
        redactions.removeAllKeepingStorage()
    }

    /// The bytes that the arrays keep allocated, not counting the strings.
    var capacityBytes: Int {
        tallies.capacity * MemoryLayout<GroupTally>.stride
            + tallyKeys.capacity * MemoryLayout<Int>.stride
            + tallyIndexOfKey.capacity * MemoryLayout<Int32>.stride
            + entries.capacity * MemoryLayout<LocationEntry>.stride
            + (partPaths.capacity + redactions.capacity) * MemoryLayout<String>.stride
    }
}
