import PluginAPI

/// The detections of one kind and rule, counted as they arrive instead of kept one by one:
/// the count, when the first one arrived, and the first `PHIDetector.maxLocations`
/// locations with their redacted values.
struct LocationTally {
    /// The location of a detection. The struct holds no references, so copying it is cheap.
    struct Entry {
        /// Index into the collector's part paths.
        var part: Int32
        /// Index into the collector's redacted values, or -1.
        var redaction: Int32 = -1
        var offset: Int
        var length: Int
    }

    private(set) var count = 0
    /// The number of detections of the message that arrived before the first one of this
    /// tally, which orders groups of the same kind as they first appeared.
    private(set) var firstSequence = Int.max
    private(set) var entries: [Entry] = []

    var isFull: Bool { entries.count >= PHIDetector.maxLocations }

    mutating func add(_ entry: Entry, sequence: Int) {
        if count == 0 {
            firstSequence = sequence
            entries.reserveCapacity(PHIDetector.maxLocations)
        }
        count += 1
        if !isFull { entries.append(entry) }
    }
}

/// The detections of one kind and rule, tallied twice: all of them, and only those that
/// count without patient context. Which tally the assessment uses is known only once the
/// whole message is read.
struct GroupTally {
    let kind: PHIKind
    let variant: Detection.Variant
    private(set) var all = LocationTally()
    /// Nil as long as every detection counted without patient context, so both tallies
    /// are the same.
    private var unconditionalTally: LocationTally?

    init(kind: PHIKind, variant: Detection.Variant) {
        self.kind = kind
        self.variant = variant
    }

    /// The detections that count without patient context.
    var unconditional: LocationTally { unconditionalTally ?? all }

    /// True when the next detection's location is kept by one of the tallies, so its
    /// redacted value is needed.
    func keepsNext(needsContext: Bool) -> Bool {
        !all.isFull || (!needsContext && !(unconditionalTally?.isFull ?? true))
    }

    mutating func add(
        _ entry: LocationTally.Entry, needsContext: Bool, sequence: Int
    ) {
        if needsContext && unconditionalTally == nil {
            unconditionalTally = all
        }
        all.add(entry, sequence: sequence)
        if !needsContext {
            unconditionalTally?.add(entry, sequence: sequence)
        }
    }
}
