import Mail
import Testing

@testable import PHIDetection

/// Tests that assessments do not depend on what reused scan arrays contained before, or
/// on another thread using the pool at the same time.
@Suite struct BufferPoolTests {
    /// Returns the parts of an assessment that the plugin reports, as one string.
    private static func summary(_ assessment: PHIAssessment) -> String {
        let groups = assessment.groups.map { group in
            let locations = group.locations.map { "\($0.partPath):\($0.offset)+\($0.length)" }
            return "\(group.rule) \(group.count) \(locations)"
        }
        let low = assessment.lowConfidence.sorted { $0.key < $1.key }
            .map { "\($0.key):\($0.value)" }
        return "\(assessment.isSensitive) \(assessment.score) \(assessment.kinds) \(groups) \(low)"
    }

    /// Assesses `text` as `PHIDetector.assess(text:)` does, but with new arrays.
    private static func assessWithNewBuffers(_ detector: PHIDetector, _ text: [UInt8])
        -> PHIAssessment
    {
        var buffers = ScanBuffers()
        var collector = DetectionCollector(settings: detector.settings)
        let findings = text.withUnsafeBufferPointer {
            detector.analyzer.analyze($0, kind: .plain, buffers: &buffers)
        }
        let view = TextView(partPath: "1", kind: .plain, text: text)
        collector.add(findings, view: view, scannedBytes: text.count)
        return collector.assessment()
    }

    /// Texts of very different sizes, so that arrays grown for a large text are then used
    /// for small ones.
    private static func texts() throws -> [[UInt8]] {
        var texts = try Fixtures.messageNames.flatMap { try Fixtures.views($0).map(\.text) }
        var random = RandomText(seed: 3)
        let terms = Fixtures.detector.analyzer.dictionary.texts
        texts.append(random.text(length: 60_000, terms: terms))
        return texts + texts.reversed()
    }

    @Test func reusedBuffersGiveFreshResults() throws {
        let detector = try PHIDetector()
        for (index, text) in try BufferPoolTests.texts().enumerated() {
            let reused = BufferPoolTests.summary(detector.assess(text: text))
            let fresh = BufferPoolTests.assessWithNewBuffers(detector, text)
            #expect(reused == BufferPoolTests.summary(fresh), "text \(index)")
        }
    }

    @Test func concurrentAssessmentsMatchSequential() async throws {
        let detector = try PHIDetector()
        let texts = try BufferPoolTests.texts()
        let sequential = texts.map { BufferPoolTests.summary(detector.assess(text: $0)) }
        let concurrent = await withTaskGroup(of: (Int, String).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, BufferPoolTests.summary(detector.assess(text: text))) }
            }
            var results = [String](repeating: "", count: texts.count)
            for await (index, summary) in group { results[index] = summary }
            return results
        }
        for index in texts.indices {
            #expect(concurrent[index] == sequential[index], "text \(index)")
        }
    }

    @Test func withBuffersReusesEmptiedBuffers() {
        let pool = ScanBufferPool()
        pool.withBuffers { buffers in
            buffers.scan.hits.append(TermHit(start: 0, end: 1, term: 0))
            buffers.detections.append(Detection(.ssn, start: 0, end: 9))
            buffers.collector?.entries.append(LocationEntry(part: 0, offset: 0, length: 1))
        }
        pool.withBuffers { buffers in
            #expect(buffers.scan.hits.isEmpty)
            #expect(buffers.detections.isEmpty)
            #expect(buffers.scan.hits.capacity > 0)
            #expect(buffers.collector?.entries.isEmpty == true)
            #expect(buffers.collector?.entries.capacity ?? 0 > 0)
        }
    }

    @Test func withBuffersDropsLargeBuffers() {
        let pool = ScanBufferPool()
        pool.withBuffers { $0.scan.hits.reserveCapacity(ScanBufferPool.maxKeptBytes) }
        pool.withBuffers { #expect($0.scan.hits.capacity == 0) }
    }

    /// Borrows `depth` buffers at once, one inside the other, and returns what `body`
    /// gives for each.
    private static func borrowNested<Value>(
        _ pool: ScanBufferPool, depth: Int, _ body: (inout ScanBuffers) -> Value
    ) -> [Value] {
        guard depth > 0 else { return [] }
        return pool.withBuffers { buffers in
            [body(&buffers)] + borrowNested(pool, depth: depth - 1, body)
        }
    }

    @Test func poolKeepsAtMostMaxIdleBuffers() {
        let pool = ScanBufferPool()
        let borrowedCount = ScanBufferPool.maxIdle + 3
        _ = BufferPoolTests.borrowNested(pool, depth: borrowedCount) {
            $0.detections.reserveCapacity(8)
        }
        let capacities = BufferPoolTests.borrowNested(pool, depth: borrowedCount) {
            $0.detections.capacity
        }
        let reusedCount = capacities.filter { $0 > 0 }.count
        #expect(reusedCount == ScanBufferPool.maxIdle)
    }

    @Test func takenCollectorLeavesNil() {
        var buffers = ScanBuffers()
        var storage = buffers.takeCollector()
        #expect(buffers.collector == nil)
        storage.entries.append(LocationEntry(part: 0, offset: 0, length: 1))
        buffers.collector = storage
        #expect(buffers.collector?.entries.count == 1)
        #expect(buffers.takeCollector().entries.count == 1)
        #expect(buffers.takeCollector().entries.isEmpty)
    }
}
