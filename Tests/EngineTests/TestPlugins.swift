import Foundation
import Mail
import PluginAPI

/// Small plugins with fixed behaviour, for driving the engine in tests.
enum TestPlugins {
    /// A plugin that returns `result` at `stage` and continues elsewhere.
    static func fixed(
        _ name: String, at stage: Stage, _ result: StageResult, runsAfter: [String] = [],
        runsBefore: [String] = [], policy: FailurePolicy = .tempfail
    ) -> PluginDescriptor {
        PluginDescriptor(
            name: name, summary: "test plugin", runsAfter: runsAfter, runsBefore: runsBefore,
            failurePolicy: policy, timeBudget: .seconds(5),
            make: { _ in FixedPlugin(stage: stage, result: result) })
    }

    /// A plugin that throws at `stage`.
    static func throwing(_ name: String, at stage: Stage, policy: FailurePolicy = .tempfail)
        -> PluginDescriptor
    {
        PluginDescriptor(
            name: name, summary: "test plugin", failurePolicy: policy, timeBudget: .seconds(5),
            make: { _ in ThrowingPlugin(stage: stage) })
    }

    /// A plugin that sleeps for `delay` at end of message.
    static func slow(_ name: String, delay: Duration, limit: Duration) -> PluginDescriptor {
        PluginDescriptor(
            name: name, summary: "test plugin", timeBudget: limit,
            make: { _ in SlowPlugin(delay: delay) })
    }

    /// A plugin that records, at end of message, the findings it was shown.
    static func observer(_ name: String, box: LockedBox<[Finding]>) -> PluginDescriptor {
        PluginDescriptor(
            name: name, summary: "test plugin",
            make: { _ in RecorderPlugin(box: box) { $0.findings } })
    }
}

final class FixedPlugin: RulePlugin {
    let stage: Stage
    let result: StageResult

    init(stage: Stage, result: StageResult) {
        self.stage = stage
        self.result = result
    }

    func connect(_ context: StageContext) throws -> StageResult { answer(.connect) }
    func helo(_ context: StageContext) throws -> StageResult { answer(.helo) }
    func mailFrom(_ context: StageContext) throws -> StageResult { answer(.mailFrom) }
    func rcptTo(_ context: StageContext, recipient: EnvelopeAddress) throws -> StageResult {
        answer(.rcptTo)
    }
    func endOfHeaders(_ context: StageContext) throws -> StageResult { answer(.endOfHeaders) }
    func endOfMessage(_ context: MessageContext) throws -> StageResult {
        answer(.endOfMessage)
    }

    private func answer(_ current: Stage) -> StageResult {
        current == stage ? result : .continue
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String { "deliberate test failure" }
}

final class ThrowingPlugin: RulePlugin {
    let stage: Stage

    init(stage: Stage) {
        self.stage = stage
    }

    func rcptTo(_ context: StageContext, recipient: EnvelopeAddress) throws -> StageResult {
        if stage == .rcptTo { throw TestFailure() }
        return .continue
    }

    func endOfMessage(_ context: MessageContext) throws -> StageResult {
        if stage == .endOfMessage { throw TestFailure() }
        return .continue
    }
}

final class SlowPlugin: RulePlugin {
    let delay: Duration

    init(delay: Duration) {
        self.delay = delay
    }

    func endOfMessage(_ context: MessageContext) throws -> StageResult {
        Thread.sleep(forTimeInterval: Double(delay.components.seconds)
            + Double(delay.components.attoseconds) / 1e18)
        return StageResult(rules: ["slow.done"])
    }
}

/// A value that a plugin stores from another thread and a test reads afterwards.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        lock.withLock { stored }
    }

    func set(_ value: Value) {
        lock.withLock { stored = value }
    }
}

/// A plugin that stores what `read` takes from the end-of-message context in `box`.
final class RecorderPlugin<Value>: RulePlugin {
    let box: LockedBox<Value>
    let read: @Sendable (MessageContext) -> Value

    init(box: LockedBox<Value>, read: @escaping @Sendable (MessageContext) -> Value) {
        self.box = box
        self.read = read
    }

    func endOfMessage(_ context: MessageContext) throws -> StageResult {
        box.set(read(context))
        return .continue
    }
}

/// A plugin that decides per recipient from a fixed table and records what the engine
/// asks it to encrypt and reinject.
final class ExecutorPlugin: RulePlugin, RecipientActionExecutor, @unchecked Sendable {
    let table: [String: RecipientAction]
    let failReinjection: Bool
    private let lock = NSLock()
    private var reinjected: [(recipients: [String], actions: [MessageAction])] = []

    init(table: [String: RecipientAction], failReinjection: Bool = false) {
        self.table = table
        self.failReinjection = failReinjection
    }

    var copies: [(recipients: [String], actions: [MessageAction])] {
        lock.withLock { reinjected }
    }

    func endOfMessage(_ context: MessageContext) throws -> StageResult {
        StageResult(
            recipientDecisions: context.envelope.recipients.compactMap { recipient in
                table[recipient.raw].map {
                    RecipientDecision(
                        recipient: recipient.raw, action: $0, rule: "executor.table", reason: "")
                }
            })
    }

    func encryptionActions(for message: MessageContext, recipients: [EnvelopeAddress]) throws
        -> [MessageAction]
    {
        [
            .replaceBody(.memory(Array("encrypted".utf8))),
            .changeHeader(name: "Content-Type", occurrence: 1, value: "application/pkcs7-mime"),
        ]
    }

    func reinject(
        _ message: MessageContext, sender: EnvelopeAddress, recipients: [EnvelopeAddress],
        actions: [MessageAction]
    ) throws {
        if failReinjection { throw TestFailure() }
        lock.withLock { reinjected.append((recipients.map(\.raw), actions)) }
    }
}
