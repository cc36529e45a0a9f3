/// The location of a detection and the tally it was counted in. The struct holds no
/// references, so copying it is cheap.
struct LocationEntry {
    /// Index into the collector's part paths.
    var part: Int32
    /// Index into the collector's redacted values, or -1.
    var redaction: Int32 = -1
    /// Index of the tally in the collector's storage.
    var tally: Int32 = 0
    var length: Int32
    var offset: Int

    init(part: Int32, offset: Int, length: Int, tally: Int = 0) {
        self.part = part
        self.tally = Int32(truncatingIfNeeded: tally)
        self.length = Int32(truncatingIfNeeded: length)
        self.offset = offset
    }
}

/// The detections of one kind and rule, counted as they arrive instead of kept one by one:
/// the count, when the first one arrived, and how many of the first
/// `PHIDetector.maxLocations` locations were stored. The stored locations are in the
/// collector's entry store in the order they arrived, mixed with those of other tallies, so
/// a tally owns no array of its own.
struct LocationTally {
    private(set) var count = 0
    /// The number of detections of the message that arrived before the first one of this
    /// tally, which orders groups of the same kind as they first appeared.
    private(set) var firstSequence = Int.max
    private(set) var storedCount = 0

    var isFull: Bool { storedCount >= PHIDetector.maxLocations }

    /// Counts a detection and returns true when its location is to be stored.
    @inline(__always)
    mutating func add(sequence: Int) -> Bool {
        if count == 0 { firstSequence = sequence }
        count += 1
        guard !isFull else { return false }
        storedCount += 1
        return true
    }
}

/// The detections of one kind and rule, with whether any of them counts only when the
/// message has patient context.
struct GroupTally {
    let kind: PHIKind
    let variant: Detection.Variant
    private(set) var locations = LocationTally()
    /// True when a detection of the group counts only with patient context: a phone
    /// number, address or place, or a name after a generic label.
    private(set) var needsContext = false

    init(kind: PHIKind, variant: Detection.Variant) {
        self.kind = kind
        self.variant = variant
    }

    /// Counts a detection and returns true when its location is to be stored.
    @inline(__always)
    mutating func add(needsContext: Bool, sequence: Int) -> Bool {
        self.needsContext = self.needsContext || needsContext
        return locations.add(sequence: sequence)
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
    /// The stored locations of all tallies, in the order they arrived.
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
