import Logging
import Mail
import PluginAPI

/// Turns the combined per-recipient decisions into edits, copies and a verdict.
///
/// libmilter can remove and add recipients, but a Postfix FILTER and a replaced body apply
/// to every recipient of a message. Recipients whose decisions need different paths are
/// therefore split: the original keeps one group, and each other group gets its own copy,
/// sent through the executor's reinjection path. A group's recipients are removed from
/// the original only after its copy was accepted; if any copy fails, the message
/// tempfails and the client retries. Groups already sent before the failure then get a
/// second copy on the retry: a duplicate, never a loss.
///
/// Any `reject` decision rejects the whole message and any `hold` holds it, because the
/// sender must learn of a refusal and Postfix holds whole messages.
struct RecipientPlanner {
    /// The routing header that Postfix's milter_header_checks maps to a transport with
    /// enforced TLS.
    static let routeHeader = "X-TLSGuard-Route"
    /// The header that lists the original recipients for an encryption gateway.
    static let originalRecipientsHeader = "X-TLSGuard-Original-Recipients"

    struct Plan {
        var verdict: Verdict = .continue
        var reply: SMTPReply?
        var quarantineReason: String?
        var edits: [MessageEdit] = []
        var recipients: [RecipientOutcome] = []
        var failure: String?
    }

    let sender: EnvelopeAddress
    let recipients: [EnvelopeAddress]
    let decisions: [RecipientDecision]
    let executor: (any RecipientActionExecutor)?
    let message: MessageContext
    /// Header actions of the whole message (tlsguard's own incoming fields removed, then
    /// every plugin's header changes), which each copy gets before its path's actions.
    let sharedHeaderActions: [MessageAction]
    /// True in replay: copies are planned and reported but not sent.
    let dryRun: Bool

    func plan() -> Plan {
        var plan = Plan(recipients: recipients.map(outcome))
        if let refusal = plan.recipients.first(where: { $0.action.isReject }),
            case .reject(let reply) = refusal.action
        {
            plan.verdict = .reject
            plan.reply = reply
            RecipientPlanner.extend(refusal, to: &plan.recipients)
            return plan
        }
        if let held = plan.recipients.first(where: { $0.action == .hold }) {
            plan.verdict = .quarantine
            plan.quarantineReason = "tlsguard: " + held.rule
            RecipientPlanner.extend(held, to: &plan.recipients)
            return plan
        }

        let groups = RecipientPlanner.groups(plan.recipients)
        guard let kept = groups.first else { return plan }
        do {
            for (number, group) in groups.dropFirst().enumerated() {
                try sendCopy(group, number: number + 1, plan: &plan)
            }
            plan.edits += try edits(for: kept.action, recipients: kept.members)
        } catch {
            plan.failure = error.description
            plan.verdict = .tempfail
        }
        return plan
    }

    /// Gives every recipient the message-wide action of `decisive`, keeping the reason.
    static func extend(_ decisive: RecipientOutcome, to outcomes: inout [RecipientOutcome]) {
        for index in outcomes.indices where outcomes[index].action != decisive.action {
            outcomes[index].action = decisive.action
            outcomes[index].rule = decisive.rule
            outcomes[index].reason = "applies to the whole message"
        }
    }

    // MARK: - Groups

    /// Recipients grouped by action, the group that stays on the original first: the
    /// deliver group when there is one, else the first group met.
    static func groups(_ outcomes: [RecipientOutcome]) -> [(
        action: RecipientAction, members: [String]
    )] {
        var groups: [(action: RecipientAction, members: [String])] = []
        for outcome in outcomes {
            if let index = groups.firstIndex(where: { $0.action == outcome.action }) {
                groups[index].members.append(outcome.recipient)
            } else {
                groups.append((outcome.action, [outcome.recipient]))
            }
        }
        if let deliver = groups.firstIndex(where: { $0.action == .deliver }), deliver > 0 {
            groups.insert(groups.remove(at: deliver), at: 0)
        }
        return groups
    }

    private func outcome(for recipient: EnvelopeAddress) -> RecipientOutcome {
        let key = ResultCombiner.recipientKey(recipient.raw)
        guard
            let decision = decisions.first(where: {
                ResultCombiner.recipientKey($0.recipient) == key
            })
        else {
            return RecipientOutcome(
                recipient: recipient.raw, action: .deliver, rule: "default", reason: "")
        }
        return RecipientOutcome(
            recipient: recipient.raw, action: decision.action, rule: decision.rule,
            reason: decision.reason)
    }

    // MARK: - Copies

    /// Sends one group its own copy, then removes the group from the original.
    private func sendCopy(
        _ group: (action: RecipientAction, members: [String]), number: Int, plan: inout Plan
    ) throws(PlanError) {
        guard let executor else {
            throw .noExecutor(
                "recipients need different delivery paths and no plugin can send copies")
        }
        var copyRecipients = group.members.map { member in
            recipients.first { $0.raw == member } ?? EnvelopeAddress(raw: member)
        }
        var actions =
            sharedHeaderActions + (try actions(for: group.action, recipients: group.members))
        if case .redirect(let gateway) = group.action {
            copyRecipients = [EnvelopeAddress(raw: "<" + gateway + ">")]
            actions.removeAll { if case .deleteRecipient = $0 { true } else { false } }
            actions.removeAll { if case .addRecipient = $0 { true } else { false } }
        }
        if !dryRun {
            do {
                try executor.reinject(
                    message, sender: sender, recipients: copyRecipients, actions: actions)
            } catch {
                throw .copyFailed(number: number, reason: String(describing: error))
            }
        }
        for index in plan.recipients.indices
        where group.members.contains(plan.recipients[index].recipient) {
            plan.recipients[index].copy = number
        }
        plan.edits += group.members.map { .deleteRecipient(address: $0) }
    }

    // MARK: - Actions per path

    private func edits(for action: RecipientAction, recipients: [String]) throws(PlanError)
        -> [MessageEdit]
    {
        try actions(for: action, recipients: recipients).flatMap { action in
            HeaderEdits.edits(for: action, headers: message.headers)
                ?? EngineSession.envelopeEdits(for: action)
        }
    }

    /// The plugin-level actions that put a message on `action`'s path.
    private func actions(for action: RecipientAction, recipients: [String]) throws(PlanError)
        -> [MessageAction]
    {
        switch action {
        case .deliver, .hold, .reject:
            return []
        case .deliverWithEnforcedTLS(let level):
            return [.addHeader(name: RecipientPlanner.routeHeader, value: level.rawValue)]
        case .encrypt:
            guard let executor else {
                throw .noExecutor("an encrypt decision needs a plugin that encrypts")
            }
            do {
                return try executor.encryptionActions(
                    for: message, recipients: recipients.map { EnvelopeAddress(raw: $0) })
            } catch {
                throw .encryptionFailed(String(describing: error))
            }
        case .redirect(let gateway):
            let originals = recipients.map { EnvelopeAddress(raw: $0).description }
            return [
                .addHeader(
                    name: RecipientPlanner.originalRecipientsHeader,
                    value: originals.joined(separator: ", "))
            ] + recipients.map { .deleteRecipient(address: $0) }
                + [.addRecipient(address: "<" + gateway + ">", esmtpArguments: nil)]
        }
    }
}

/// A recipient decision that could not be carried out; the message tempfails.
enum PlanError: Error, CustomStringConvertible {
    case noExecutor(String)
    case encryptionFailed(String)
    case copyFailed(number: Int, reason: String)

    var description: String {
        switch self {
        case .noExecutor(let detail): detail
        case .encryptionFailed(let reason): "S/MIME encryption failed: \(reason)"
        case .copyFailed(let number, let reason): "copy \(number) was not accepted: \(reason)"
        }
    }
}

extension RecipientAction {
    var isReject: Bool {
        if case .reject = self { return true }
        return false
    }
}
