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
        text.withUnsafeBufferPointer { buffer in
            let scanner = TextScanner(dictionary: analyzer.dictionary)
            switch stage {
            case .terms:
                return scanner.scanTerms(buffer).count
            case .numbers:
                var scan = ViewScan()
                NumberScan.scan(buffer, into: &scan)
                return scan.candidates.count
            case .analysis:
                return analyzer.analyze(buffer, kind: kind).detections.count
            }
        }
    }
}
