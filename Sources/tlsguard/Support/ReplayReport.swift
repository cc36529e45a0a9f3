import Engine
import Glibc
import PluginAPI

/// Formats replay results as text lines or JSON lines, keeps the counts for the summary,
/// and draws the progress line.
struct ReplayReport {
    let json: Bool
    let diff: Bool
    private var output = Output.standardOutput
    private var errors = Output.standardError
    private var progress: ReplayProgress?
    private var verdictCounts: [String: Int] = [:]
    private var ruleCounts: [String: Int] = [:]
    /// The counts of the `--diff` configuration, b.
    private var otherVerdictCounts: [String: Int] = [:]
    private var otherRuleCounts: [String: Int] = [:]
    private var messageCount = 0
    private var differenceCount = 0
    private(set) var unreadableCount = 0

    init(json: Bool, diff: Bool) {
        self.json = json
        self.diff = diff
        progress = Output.standardError.isTerminal ? ReplayProgress() : nil
    }

    /// Names the two configurations of `--diff` before the first result, in text output.
    mutating func describeDiff(first: String, second: String) {
        guard !json else { return }
        output.line("# a: \(first)")
        output.line("# b: \(second)")
    }

    mutating func add(_ result: ReplayResult) {
        count(result)
        if let error = result.error {
            unreadableCount += 1
            progress?.clear()
            errors.line("tlsguard replay: \(ReplayFormat.sourceText(result)): \(error)")
            errors.flush()
        }
        output.line(json ? ReplayFormat.jsonLine(result) : ReplayFormat.textLine(result))
        progress?.tick(messages: messageCount)
    }

    /// Prints the message only when the two configurations disagree on it.
    mutating func compare(_ first: ReplayResult, _ second: ReplayResult) {
        count(first)
        ReplayReport.count(second, verdicts: &otherVerdictCounts, rules: &otherRuleCounts)
        progress?.tick(messages: messageCount)
        guard ReplayFormat.signature(first) != ReplayFormat.signature(second) else { return }
        differenceCount += 1
        if json {
            let line = ReportValue.object([
                ("source", ReplayFormat.source(first)),
                ("message_id", first.messageID.map { .string($0) } ?? .null),
                ("a", .object(ReplayFormat.outcomeFields(first))),
                ("b", .object(ReplayFormat.outcomeFields(second))),
            ])
            output.line(line.json)
        } else {
            output.line("a: " + ReplayFormat.textLine(first))
            output.line("b: " + ReplayFormat.textLine(second))
        }
    }

    mutating func unreadable(_ error: ReplayInputError) {
        unreadableCount += 1
        progress?.clear()
        errors.line("tlsguard replay: \(error)")
        errors.flush()
        if json {
            output.line(
                ReportValue.object([("source", .null), ("error", .string(error.description))])
                    .json)
        }
    }

    /// Warns on standard error about a symbolic link that leads back to a directory above
    /// it, which replay did not follow.
    mutating func skipped(_ loop: ReplayDirectoryLoop) {
        progress?.clear()
        errors.line("tlsguard replay: warning: \(loop)")
        errors.flush()
    }

    mutating func finish(summary: Bool) {
        progress?.clear()
        output.flush()
        guard summary else { return }
        var text = "replayed \(messageCount) message\(messageCount == 1 ? "" : "s")"
        if unreadableCount > 0 {
            text += ", \(unreadableCount) input\(unreadableCount == 1 ? "" : "s") unreadable"
        }
        if diff {
            text += ", \(differenceCount) with a different outcome"
        }
        errors.line(text)
        let (a, b) = diff ? (" a", " b") : ("", "")
        errors.line("verdicts\(a): " + ReplayReport.counts(verdictCounts))
        if !ruleCounts.isEmpty {
            errors.line("rules\(a): " + ReplayReport.counts(ruleCounts))
        }
        if diff {
            errors.line("verdicts\(b): " + ReplayReport.counts(otherVerdictCounts))
            if !otherRuleCounts.isEmpty {
                errors.line("rules\(b): " + ReplayReport.counts(otherRuleCounts))
            }
        }
        errors.flush()
    }

    private mutating func count(_ result: ReplayResult) {
        messageCount += 1
        ReplayReport.count(result, verdicts: &verdictCounts, rules: &ruleCounts)
    }

    private static func count(
        _ result: ReplayResult, verdicts: inout [String: Int], rules: inout [String: Int]
    ) {
        guard let outcome = result.outcome else { return }
        verdicts[outcome.verdict.rawValue, default: 0] += 1
        for rule in outcome.rules {
            rules[rule, default: 0] += 1
        }
    }

    static func counts(_ table: [String: Int]) -> String {
        guard !table.isEmpty else { return "none" }
        return table.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// A progress line on standard error, redrawn at most ten times a second.
struct ReplayProgress {
    private var lastDraw = ReplayProgress.now()
    private let start = ReplayProgress.now()
    private var drawn = false

    mutating func tick(messages: Int) {
        let now = ReplayProgress.now()
        guard now - lastDraw >= 0.1 else { return }
        lastDraw = now
        drawn = true
        let rate = Double(messages) / max(now - start, 0.001)
        var errors = Output.standardError
        errors.write("\rreplayed \(messages) messages (\(Int(rate))/s)")
        errors.flush()
    }

    mutating func clear() {
        guard drawn else { return }
        drawn = false
        var errors = Output.standardError
        errors.write("\r\u{1B}[K")
        errors.flush()
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
