@testable import Engine
import PluginAPI
import Testing

@Suite struct ResultCombinerTests {
    /// Verdicts from the weakest to the strongest, written out independently of
    /// `Verdict.precedence`.
    static let verdictOrder: [Verdict] = [
        .continue, .accept, .discard, .quarantine, .tempfail, .reject,
    ]

    static var verdictPairs: [(Verdict, Verdict)] {
        verdictOrder.flatMap { first in verdictOrder.map { (first, $0) } }
    }

    @Test(arguments: verdictPairs)
    func strongerVerdictWins(first: Verdict, second: Verdict) throws {
        var combiner = ResultCombiner()
        combiner.add(StageResult(verdict: first))
        combiner.add(StageResult(verdict: second))
        let firstRank = try #require(Self.verdictOrder.firstIndex(of: first))
        let secondRank = try #require(Self.verdictOrder.firstIndex(of: second))
        #expect(combiner.verdict == (secondRank > firstRank ? second : first))
    }

    @Test func replyComesFromWinningVerdict() {
        let tempfail = SMTPReply.constant(451, "4.7.1", "later")
        let reject = SMTPReply.constant(550, "5.7.1", "no")
        var combiner = ResultCombiner()
        combiner.add(StageResult(verdict: .tempfail, reply: tempfail))
        combiner.add(StageResult(verdict: .reject, reply: reject))
        combiner.add(StageResult(verdict: .tempfail, reply: tempfail))
        #expect(combiner.reply == reject)
    }

    @Test func firstReplyOfEqualVerdictsStays() {
        let first = SMTPReply.constant(550, "5.7.1", "first")
        let second = SMTPReply.constant(550, "5.7.0", "second")
        var combiner = ResultCombiner()
        combiner.add(StageResult(verdict: .reject, reply: first))
        combiner.add(StageResult(verdict: .reject, reply: second))
        #expect(combiner.reply == first)
    }

    /// Recipient actions from the least to the most protective, written out independently
    /// of `RecipientAction.protection`.
    static let actionOrder: [RecipientAction] = [
        .deliver,
        .deliverWithEnforcedTLS(level: .encrypt),
        .deliverWithEnforcedTLS(level: .dane),
        .deliverWithEnforcedTLS(level: .verify),
        .deliverWithEnforcedTLS(level: .secure),
        .encrypt,
        .redirect(to: "gateway@example.net"),
        .hold,
        .reject(SMTPReply.constant(550, "5.7.1", "no")),
    ]

    static var actionPairs: [(RecipientAction, RecipientAction)] {
        actionOrder.flatMap { first in actionOrder.map { (first, $0) } }
    }

    @Test(arguments: actionPairs)
    func moreProtectiveRecipientActionWins(first: RecipientAction, second: RecipientAction)
        throws
    {
        var combiner = ResultCombiner()
        combiner.add(decide("<Bob@Example.org>", first, rule: "a"))
        combiner.add(decide("<bob@example.org>", second, rule: "b"))
        let firstRank = try #require(Self.actionOrder.firstIndex(of: first))
        let secondRank = try #require(Self.actionOrder.firstIndex(of: second))
        let decisions = combiner.recipientDecisions
        #expect(decisions.count == 1)
        #expect(decisions.first?.action == (secondRank > firstRank ? second : first))
        #expect(decisions.first?.rule == (secondRank > firstRank ? "b" : "a"))
    }

    @Test func decisionsForDifferentRecipientsStaySeparate() {
        var combiner = ResultCombiner()
        combiner.add(decide("<a@example.org>", .encrypt, rule: "x"))
        combiner.add(decide("<b@example.org>", .deliver, rule: "y"))
        #expect(combiner.recipientDecisions.map(\.recipient) == ["<a@example.org>", "<b@example.org>"])
    }

    @Test func actionsFindingsAndRulesAccumulateInOrder() {
        var combiner = ResultCombiner()
        combiner.add(
            StageResult(
                actions: [.addHeader(name: "X-A", value: "1")],
                findings: [Finding(plugin: "p1", rule: "p1.r", kind: "SSN")], rules: ["p1.r"],
                report: [(key: "phi", value: false)]))
        combiner.add(
            StageResult(
                actions: [.addHeader(name: "X-B", value: "2")],
                findings: [Finding(plugin: "p2", rule: "p2.r", kind: "NPI")],
                rules: ["p2.r", "p1.r"], report: [(key: "phi", value: true)]))
        #expect(combiner.actions == [
            .addHeader(name: "X-A", value: "1"), .addHeader(name: "X-B", value: "2"),
        ])
        #expect(combiner.findings.map(\.kind) == ["SSN", "NPI"])
        #expect(combiner.rules == ["p1.r", "p2.r"])
        #expect(combiner.report.count == 1)
        #expect(combiner.report.first?.value == .bool(true))
    }

    private func decide(_ recipient: String, _ action: RecipientAction, rule: String)
        -> StageResult
    {
        StageResult(
            recipientDecisions: [
                RecipientDecision(recipient: recipient, action: action, rule: rule, reason: "")
            ])
    }
}
