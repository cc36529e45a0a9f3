import Synchronization

/// The arrays that the analysis of one text view fills, kept for the next view, so that a
/// scan stops allocating once the arrays have grown to the size of the texts it reads.
struct ScanBuffers: Sendable {
    var scan = ViewScan()
    var detections: [Detection] = []
    /// Storage for the reporting automaton states of one block of a text, as
    /// `InterleavedTermScan` notes them.
    var termNotes: [UInt64] = []
    /// The arrays of the message's `DetectionCollector`.
    var collector = CollectorStorage()

    /// The bytes that the arrays keep allocated.
    var capacityBytes: Int {
        scan.hits.capacity * MemoryLayout<TermHit>.stride
            + scan.candidates.capacity * MemoryLayout<NumberCandidate>.stride
            + scan.groups.capacity * MemoryLayout<TokenGroup>.stride
            + detections.capacity * MemoryLayout<Detection>.stride
            + termNotes.capacity * MemoryLayout<UInt64>.stride + collector.capacityBytes
    }

    /// Returns the collector's arrays and leaves empty ones in their place.
    mutating func takeCollector() -> CollectorStorage {
        var taken = CollectorStorage()
        swap(&taken, &collector)
        return taken
    }

    /// Empties the arrays and keeps their storage.
    mutating func removeAll() {
        scan.hits.removeAllKeepingStorage()
        scan.candidates.removeAllKeepingStorage()
        scan.groups.removeAllKeepingStorage()
        detections.removeAllKeepingStorage()
        collector.removeAll()
    }

    /// Empties the arrays of the text view scan and keeps their storage, but leaves the
    /// collector's arrays, which hold the detections of the whole message.
    mutating func removeScan() {
        scan.hits.removeAllKeepingStorage()
        scan.candidates.removeAllKeepingStorage()
        scan.groups.removeAllKeepingStorage()
        detections.removeAllKeepingStorage()
    }
}

/// The `ScanBuffers` that no assessment is using, shared by the threads that assess
/// messages. Taking and giving back costs a lock each, which is far less than the
/// allocations that fresh arrays make while they grow.
final class ScanBufferPool: Sendable {
    /// The maximum number of idle buffers kept. One per thread that assesses messages at
    /// the same time is enough, and more would only keep memory allocated.
    static let maxIdle = 16
    /// Buffers that grew beyond this many bytes, for a very large text, are dropped
    /// instead of kept.
    static let maxKeptBytes = 4 << 20

    private let idle = Mutex<[ScanBuffers]>([])

    /// Returns idle buffers, or new ones when none is idle.
    func take() -> ScanBuffers {
        idle.withLock { $0.popLast() } ?? ScanBuffers()
    }

    /// Keeps `buffers` for the next `take()`, emptied, unless too many are idle or they
    /// are too large. The caller must not use them any more.
    func give(_ buffers: consuming ScanBuffers) {
        var owned = buffers
        give(emptying: &owned)
    }

    /// Keeps the arrays of `buffers` for the next `take()`, emptied, unless too many are
    /// idle or they are too large, and leaves empty buffers without storage in their place.
    ///
    /// The arrays are moved, never copied: a copy would share their storage, so emptying
    /// either copy would allocate new storage.
    func give(emptying buffers: inout ScanBuffers) {
        guard buffers.capacityBytes <= ScanBufferPool.maxKeptBytes else {
            buffers = ScanBuffers()
            return
        }
        buffers.removeAll()
        idle.withLock { idle in
            guard idle.count < ScanBufferPool.maxIdle else { return }
            idle.append(ScanBuffers())
            swap(&idle[idle.count - 1], &buffers)
        }
        buffers = ScanBuffers()
    }
}

extension Array {
    /// Removes every element and keeps the storage, and does nothing for an array that is
    /// already empty, which `removeAll(keepingCapacity: true)` would still go through.
    mutating func removeAllKeepingStorage() {
        if !isEmpty { removeAll(keepingCapacity: true) }
    }
}
