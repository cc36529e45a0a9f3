import PluginAPI

/// The one place where results of several plugins become one decision.
///
/// - The verdict with the highest precedence wins: reject > tempfail > quarantine >
///   discard > accept > continue. Its reply is the first one given with that verdict.
/// - Actions, findings, rules and report fields accumulate in plugin order.
/// - For each recipient the most protective decision wins (see `RecipientAction`); on a
///   tie the earlier plugin's decision stays.
struct ResultCombiner: Sendable {
    private(set) var verdict: Verdict = .continue
    private(set) var reply: SMTPReply?
    private(set) var quarantineReason: String?
    private(set) var actions: [MessageAction] = []
    private(set) var findings: [Finding] = []
    private(set) var rules: [String] = []
    private(set) var report: [(key: String, value: ReportValue)] = []
    private var decisionKeys: [String] = []
    private var decisions: [String: RecipientDecision] = [:]

    /// Recipient decisions in the order their recipients were first decided.
    var recipientDecisions: [RecipientDecision] {
        decisionKeys.compactMap { decisions[$0] }
    }

    mutating func add(_ result: StageResult) {
        merge(verdict: result.verdict, reply: result.reply)
        if result.verdict == .quarantine, quarantineReason == nil {
            quarantineReason = result.quarantineReason
        }
        actions += result.actions
        findings += result.findings
        for rule in result.rules where !rules.contains(rule) {
            rules.append(rule)
        }
        for field in result.report {
            report.removeAll { $0.key == field.key }
            report.append(field)
        }
        for decision in result.recipientDecisions {
            merge(decision)
        }
    }

    /// Adds everything another combiner collected, as if its results were added here.
    mutating func add(_ other: ResultCombiner) {
        add(
            StageResult(
                verdict: other.verdict, reply: other.reply,
                quarantineReason: other.quarantineReason, actions: other.actions,
                recipientDecisions: other.recipientDecisions, findings: other.findings,
                rules: other.rules, report: other.report))
    }

    /// Sets the verdict when `candidate` has higher precedence than the current one.
    mutating func merge(verdict candidate: Verdict, reply candidateReply: SMTPReply?) {
        if candidate > verdict {
            verdict = candidate
            reply = candidateReply
        } else if candidate == verdict, reply == nil {
            reply = candidateReply
        }
    }

    private mutating func merge(_ decision: RecipientDecision) {
        let key = ResultCombiner.recipientKey(decision.recipient)
        guard let current = decisions[key] else {
            decisionKeys.append(key)
            decisions[key] = decision
            return
        }
        decisions[key] = ResultCombiner.moreProtective(current, decision)
    }

    /// Returns the decision with the more protective action; `first` on a tie.
    static func moreProtective(_ first: RecipientDecision, _ second: RecipientDecision)
        -> RecipientDecision
    {
        second.action.protection > first.action.protection ? second : first
    }

    /// Recipients compare without angle brackets and without regard to case.
    static func recipientKey(_ recipient: String) -> String {
        EnvelopeAddress(raw: recipient).address.lowercased()
    }
}
