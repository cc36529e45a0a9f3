import Mail
import PluginAPI

/// The detection pass of the plugin, usable without the engine: builds the dictionaries
/// once and assesses messages or single texts.
public struct PHIDetector: Sendable {
    let settings: PHISettings
    let analyzer: ViewAnalyzer
    /// Scan arrays that one assessment leaves for the next.
    let bufferPool = ScanBufferPool()
    private let subjectTriggers: TriggerMatcher
    private let bodyTriggers: TriggerMatcher

    /// The maximum number of locations kept per finding, so that a CSV of ten thousand
    /// rows stays small.
    static let maxLocations = 20

    /// Creates a detector from the plugin's configuration.
    ///
    /// - Throws: `ConfigError` for an unusable value, `PHIDetectionError` for a dictionary
    ///   file that cannot be read or parsed.
    public init(configuration: PluginConfiguration) throws {
        let settings = try PHISettings(configuration)
        var sources = BuiltInDictionaries.sources
        for path in settings.dictionaryFiles {
            sources.append(try DictionaryFileReader.read(path))
        }
        let dictionary = try TermDictionary(sources: sources)
        self.settings = settings
        self.analyzer = ViewAnalyzer(
            dictionary: dictionary,
            excludedNameWords: BuiltInDictionaries.excludedNameWords(dictionary))
        self.subjectTriggers = TriggerMatcher(settings.subjectTriggers)
        self.bodyTriggers = TriggerMatcher(settings.bodyTriggers)
    }

    /// Creates a detector with the default configuration.
    public init() throws {
        try self.init(configuration: PluginConfiguration(descriptor: PHIDetection.descriptor))
    }

    /// The number of distinct dictionary terms and keywords in the automaton.
    public var termCount: Int { analyzer.dictionary.count }

    /// The terms and keywords in the automaton, lower-cased, so that benchmarks can give
    /// other matchers the same list.
    public var terms: [String] { analyzer.dictionary.texts }

    /// Assesses one message: every text view, the subject, unscanned parts and triggers.
    public func assess(_ message: ParsedMessage) -> PHIAssessment {
        bufferPool.withBuffers { buffers in
            var collector = DetectionCollector(
                settings: settings, storage: buffers.takeCollector())
            for view in MessageViews.views(of: message) {
                scan(view, buffers: &buffers, into: &collector)
            }
            let unscanned = settings.unscannedPolicy.classify(message)
            for entry in unscanned.counted {
                collector.addUnscanned(partPath: entry.partPath, reason: entry.reason)
            }
            checkTriggers(message, into: &collector)
            var assessment = collector.assessment()
            assessment.exempted = unscanned.exempted
            buffers.collector = collector.takeStorage()
            return assessment
        }
    }

    /// Assesses a single text, as if it were the only text view of a message: a plain or
    /// HTML text is also searched for the body triggers.
    public func assess(text: [UInt8], kind: TextKind = .plain) -> PHIAssessment {
        bufferPool.withBuffers { buffers in
            var collector = DetectionCollector(
                settings: settings, storage: buffers.takeCollector())
            let view = TextView(partPath: "1", kind: kind, text: text)
            scan(view, buffers: &buffers, into: &collector)
            if MessageViews.isBody(view), let offset = bodyTriggers.firstMatch(in: text) {
                collector.addTrigger(partPath: "1", offset: offset, rule: "phi.trigger.body")
            }
            let assessment = collector.assessment()
            buffers.collector = collector.takeStorage()
            return assessment
        }
    }

    private func scan(
        _ view: TextView, buffers: inout ScanBuffers, into collector: inout DetectionCollector
    ) {
        let scannedBytes = min(view.text.count, settings.maxScanSize)
        var findings = view.text.withUnsafeBufferPointer { text in
            analyzer.analyze(
                UnsafeBufferPointer(rebasing: text[0..<scannedBytes]), kind: view.kind,
                buffers: &buffers)
        }
        collector.add(findings, view: view, scannedBytes: scannedBytes)
        swap(&findings.detections, &buffers.detections)
        buffers.removeScan()
        if view.text.count > scannedBytes {
            collector.addUnscanned(
                partPath: view.partPath, reason: "text beyond phi_max_scan_size")
        }
    }

    private func checkTriggers(_ message: ParsedMessage, into collector: inout DetectionCollector) {
        if let subject = MessageViews.subject(of: message),
            let offset = subjectTriggers.firstMatch(in: subject)
        {
            collector.addTrigger(partPath: "1", offset: offset, rule: "phi.trigger.subject")
        }
        for view in message.textViews where MessageViews.isBody(view) {
            if let offset = bodyTriggers.firstMatch(in: view.text) {
                collector.addTrigger(
                    partPath: view.partPath, offset: offset, rule: "phi.trigger.body")
                break
            }
        }
    }
}
