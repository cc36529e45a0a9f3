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
        store.append(
            contentsOf: repeatElement(
                LocationEntry(part: 0, offset: 0, length: 0), count: PHIDetector.maxLocations))
    }

    /// Creates a tally with the counts and locations of `other` in a new block of `store`.
    init(copying other: LocationTally, store: inout [LocationEntry]) {
        self.init(store: &store)
        count = other.count
        firstSequence = other.firstSequence
        storedCount = other.storedCount
        for index in 0..<storedCount {
            store[block + index] = store[other.block + index]
        }
    }

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
}

/// The detections of one kind and rule, tallied twice: all of them, and only those that
/// count without patient context. Which tally the assessment uses is known only once the
/// whole message is read.
struct GroupTally {
    let kind: PHIKind
    let variant: Detection.Variant
    private(set) var all: LocationTally
    /// Nil as long as every detection counted without patient context, so both tallies
    /// are the same.
    private var unconditionalTally: LocationTally?

    init(kind: PHIKind, variant: Detection.Variant, store: inout [LocationEntry]) {
        self.kind = kind
        self.variant = variant
        self.all = LocationTally(store: &store)
    }

    /// The detections that count without patient context.
    var unconditional: LocationTally { unconditionalTally ?? all }

    /// True when the next detection's location is kept by one of the tallies, so its
    /// redacted value is needed.
    func keepsNext(needsContext: Bool) -> Bool {
        !all.isFull || (!needsContext && !(unconditionalTally?.isFull ?? true))
    }

    mutating func add(
        _ entry: LocationEntry, needsContext: Bool, sequence: Int, store: inout [LocationEntry]
    ) {
        if needsContext && unconditionalTally == nil {
            unconditionalTally = LocationTally(copying: all, store: &store)
        }
        all.add(entry, sequence: sequence, store: &store)
        if !needsContext {
            unconditionalTally?.add(entry, sequence: sequence, store: &store)
        }
    }
}

/// The arrays of a `DetectionCollector`, which one assessment leaves for the next.
struct CollectorStorage: Sendable {
    var tallies: [GroupTally] = []
    /// `kind.ordinal * variants + variant` of each tally, searched instead of the tallies.
    var tallyKeys: [Int] = []
    /// The blocks of locations of the tallies.
    var entries: [LocationEntry] = []
    var partPaths: [String] = []
    var redactions: [String] = []

    /// Empties the arrays and keeps their storage.
    mutating func removeAll() {
        tallies.removeAll(keepingCapacity: true)
        tallyKeys.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        partPaths.removeAll(keepingCapacity: true)
        redactions.removeAll(keepingCapacity: true)
    }

    /// The bytes that the arrays keep allocated, not counting the strings.
    var capacityBytes: Int {
        tallies.capacity * MemoryLayout<GroupTally>.stride
            + tallyKeys.capacity * MemoryLayout<Int>.stride
            + entries.capacity * MemoryLayout<LocationEntry>.stride
            + (partPaths.capacity + redactions.capacity) * MemoryLayout<String>.stride
    }
}
