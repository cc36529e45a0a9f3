import PluginAPI

/// Turns the combined per-recipient decisions into edits and a verdict for the message.
///
/// libmilter can remove and add recipients, but it cannot send one message down two
/// paths: a Postfix FILTER and a replaced body apply to every recipient. When recipients
/// need different paths, the planner applies the most protective action to every
/// recipient, which may deliver more mail through the gateway than needed but never less
/// protected.
// TODO: split a message whose recipients need different paths into copies (reinjection),
// instead of applying the most protective action to all of them.
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

    let recipients: [EnvelopeAddress]
    let decisions: [RecipientDecision]

    func plan() -> Plan {
        var outcomes = recipients.map { recipient in
            decision(for: recipient).map {
                RecipientOutcome(
                    recipient: recipient.raw, action: $0.action, rule: $0.rule, reason: $0.reason)
            }
                ?? RecipientOutcome(
                    recipient: recipient.raw, action: .deliver, rule: "default", reason: "")
        }
        guard let strongest = outcomes.max(by: { $0.action < $1.action }),
            strongest.action != .deliver
        else {
            return Plan(recipients: outcomes)
        }
        if outcomes.contains(where: { $0.action != strongest.action }) {
            for index in outcomes.indices where outcomes[index].action != strongest.action {
                outcomes[index].action = strongest.action
                outcomes[index].rule = strongest.rule
                outcomes[index].reason =
                    "raised to \(strongest.action.name) because recipients of one message "
                    + "share its path"
            }
        }
        return plan(for: strongest, outcomes: outcomes)
    }

    private func plan(for strongest: RecipientOutcome, outcomes: [RecipientOutcome]) -> Plan {
        var plan = Plan(recipients: outcomes)
        switch strongest.action {
        case .deliver:
            break
        case .deliverWithEnforcedTLS(let level):
            plan.edits.append(.addHeader(name: RecipientPlanner.routeHeader, value: level.rawValue))
        case .encrypt:
            // TODO: S/MIME encryption; until it exists an encrypt decision fails closed.
            plan.verdict = .tempfail
            plan.failure = "S/MIME encryption is not available in this build"
        case .redirect(let gateway):
            plan.edits += redirectEdits(to: gateway, outcomes: outcomes)
        case .hold:
            plan.verdict = .quarantine
            plan.quarantineReason = "tlsguard: " + strongest.rule
        case .reject(let reply):
            plan.verdict = .reject
            plan.reply = reply
        }
        return plan
    }

    private func redirectEdits(to gateway: String, outcomes: [RecipientOutcome]) -> [MessageEdit]
    {
        let originals = outcomes.map { EnvelopeAddress(raw: $0.recipient).description }
        var edits: [MessageEdit] = [
            .addHeader(
                name: RecipientPlanner.originalRecipientsHeader,
                value: originals.joined(separator: ", "))
        ]
        for outcome in outcomes {
            edits.append(.deleteRecipient(address: outcome.recipient))
        }
        edits.append(.addRecipient(address: "<" + gateway + ">", esmtpArguments: nil))
        return edits
    }

    private func decision(for recipient: EnvelopeAddress) -> RecipientDecision? {
        let key = ResultCombiner.recipientKey(recipient.raw)
        return decisions.first { ResultCombiner.recipientKey($0.recipient) == key }
    }
}
