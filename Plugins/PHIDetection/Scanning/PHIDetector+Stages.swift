import Mail

extension PHIDetector {
    /// A part of the detection pass that `run(_:on:kind:)` runs alone, so that a benchmark
    /// can show how the time of the whole pass divides among its stages.
    public enum Stage: String, CaseIterable, Sendable {
        /// The term automaton over the text.
        case terms
        /// The search for runs of digits and the reading of numbers around them.
        case numbers
        /// Both scans, then validation, context and every detector, without scoring.
        case analysis
    }

    /// Runs `stage` over `text` and returns the number of term hits, number candidates or
    /// detections it produced.
    public func run(_ stage: Stage, on text: [UInt8], kind: TextKind = .plain) -> Int {
        bufferPool.withBuffers { buffers in
            text.withUnsafeBufferPointer { buffer in
                let scanner = TextScanner(dictionary: analyzer.dictionary)
                switch stage {
                case .terms:
                    scanner.scanTerms(buffer, into: &buffers)
                    return buffers.scan.hits.count
                case .numbers:
                    NumberScan.scan(buffer, into: &buffers.scan)
                    return buffers.scan.candidates.count
                case .analysis:
                    var findings = analyzer.analyze(buffer, kind: kind, buffers: &buffers)
                    swap(&findings.detections, &buffers.detections)
                    return buffers.detections.count
                }
            }
        }
    }
}
