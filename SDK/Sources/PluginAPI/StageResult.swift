/// The result of one plugin at one stage: a verdict with its reply, changes to the
/// message, decisions per recipient, findings, and fields for the replay output.
public struct StageResult: Sendable {
    public var verdict: Verdict
    /// The reply for `reject` and `tempfail`; nil lets the engine use its default reply.
    public var reply: SMTPReply?
    /// The reason Postfix records for `quarantine`.
    public var quarantineReason: String?
    public var actions: [MessageAction]
    public var recipientDecisions: [RecipientDecision]
    public var findings: [Finding]
    /// Names of the rules that fired, for logs and replay output.
    public var rules: [String]
    /// Fields that the replay JSON line and the audit record gain, such as `phi_score`.
    public var report: [(key: String, value: ReportValue)]

    public init(
        verdict: Verdict = .continue, reply: SMTPReply? = nil, quarantineReason: String? = nil,
        actions: [MessageAction] = [], recipientDecisions: [RecipientDecision] = [],
        findings: [Finding] = [], rules: [String] = [],
        report: [(key: String, value: ReportValue)] = []
    ) {
        self.verdict = verdict
        self.reply = reply
        self.quarantineReason = quarantineReason
        self.actions = actions
        self.recipientDecisions = recipientDecisions
        self.findings = findings
        self.rules = rules
        self.report = report
    }

    /// No decision and nothing found.
    public static var `continue`: StageResult { StageResult() }

    public static func reject(_ reply: SMTPReply, rule: String) -> StageResult {
        StageResult(verdict: .reject, reply: reply, rules: [rule])
    }

    public static func tempfail(_ reply: SMTPReply, rule: String) -> StageResult {
        StageResult(verdict: .tempfail, reply: reply, rules: [rule])
    }
}
