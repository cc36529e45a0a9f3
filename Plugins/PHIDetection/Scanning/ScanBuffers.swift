import Synchronization

/// The arrays that the analysis of one text view fills, kept for the next view, so that a
/// scan stops allocating once the arrays have grown to the size of the texts it reads.
struct ScanBuffers: Sendable {
    var scan = ViewScan()
    var detections: [Detection] = []
    /// Storage for the reporting automaton states of one block of a text, as
    /// `InterleavedTermScan` notes them.
    var termNotes: [UInt64] = []
    /// The arrays of the message's `DetectionCollector`, or nil while a collector uses
    /// them, so that taking them leaves no placeholder arrays to create and release.
    var collector: CollectorStorage? = CollectorStorage()

    /// The bytes that the arrays keep allocated.
    var capacityBytes: Int {
        scan.hits.capacity * MemoryLayout<TermHit>.stride
            + scan.candidates.capacity * MemoryLayout<NumberCandidate>.stride
            + scan.groups.capacity * MemoryLayout<TokenGroup>.stride
            + detections.capacity * MemoryLayout<Detection>.stride
            + termNotes.capacity * MemoryLayout<UInt64>.stride + (collector?.capacityBytes ?? 0)
    }

    /// Returns the collector's arrays and leaves nil in their place.
    mutating func takeCollector() -> CollectorStorage {
        collector.take() ?? CollectorStorage()
    }

    /// Empties the arrays and keeps their storage.
    mutating func removeAll() {
        scan.hits.removeAllKeepingStorage()
        scan.candidates.removeAllKeepingStorage()
        scan.groups.removeAllKeepingStorage()
        detections.removeAllKeepingStorage()
        collector?.removeAll()
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
///
/// The pool keeps each `ScanBuffers` at a fixed address and hands out the address, so that
/// taking and giving back moves no array and changes no reference count.
final class ScanBufferPool: Sendable {
    /// The maximum number of idle buffers kept. One per thread that assesses messages at
    /// the same time is enough, and more would only keep memory allocated.
    static let maxIdle = 16
    /// Buffers that grew beyond this many bytes, for a very large text, are dropped
    /// instead of kept.
    static let maxKeptBytes = 4 << 20

    private let idle = Mutex<[ScanBufferSlot]>([])

    deinit {
        idle.withLock { slots in
            for slot in slots { slot.free() }
            slots.removeAll()
        }
    }

    /// Runs `body` with idle buffers, or new ones when none is idle, and then keeps them
    /// for the next caller, emptied, unless too many are idle or they are too large.
    func withBuffers<Result>(_ body: (inout ScanBuffers) -> Result) -> Result {
        let slot = idle.withLock { $0.popLast() } ?? ScanBufferSlot.allocate()
        let result = body(&slot.pointer.pointee)
        keep(slot)
        return result
    }

    private func keep(_ slot: ScanBufferSlot) {
        guard slot.pointer.pointee.capacityBytes <= ScanBufferPool.maxKeptBytes else {
            slot.free()
            return
        }
        slot.pointer.pointee.removeAll()
        let isKept = idle.withLock { idle in
            guard idle.count < ScanBufferPool.maxIdle else { return false }
            idle.append(slot)
            return true
        }
        if !isKept { slot.free() }
    }
}

/// The memory of one `ScanBuffers` that `ScanBufferPool` owns.
///
/// The type is `@unchecked Sendable` because the pool hands each slot to one caller at a
/// time, under its lock, and the caller gives it back before another can take it.
struct ScanBufferSlot: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<ScanBuffers>

    /// Allocates a slot with empty buffers.
    static func allocate() -> ScanBufferSlot {
        let pointer = UnsafeMutablePointer<ScanBuffers>.allocate(capacity: 1)
        pointer.initialize(to: ScanBuffers())
        return ScanBufferSlot(pointer: pointer)
    }

    /// Releases the buffers and the memory of the slot, which must not be used afterwards.
    func free() {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}

extension Array {
    /// Removes every element and keeps the storage, and does nothing for an array that is
    /// already empty, which `removeAll(keepingCapacity: true)` would still go through.
    mutating func removeAllKeepingStorage() {
        if !isEmpty { removeAll(keepingCapacity: true) }
    }
}
