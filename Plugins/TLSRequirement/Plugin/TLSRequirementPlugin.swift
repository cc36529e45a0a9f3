import Logging
import Mail
import PluginAPI

/// The TLS requirement plugin: did this message reach us encrypted, and was every earlier
/// hop across the internet encrypted?
///
/// At MAIL FROM (when `tls_enforce_stage = mail`) and at each RCPT TO it rejects or
/// tempfails transactions that a requirement covers and whose TLS is missing or too weak.
/// At end of message it judges the Received chain, adds the `X-TLSGuard-TLS` and
/// `X-TLSGuard-Hops` fields, tags or quarantines per configuration, and leaves findings
/// for later plugins. Local submissions are never rejected or tempfailed.
public final class TLSRequirementPlugin: RulePlugin {
    public let settings: TLSRequirementSettings
    let policy: InboundPolicy
    let resolver: ConnectionTLSResolver
    let classifier: HopClassifier

    public init(settings: TLSRequirementSettings) {
        self.settings = settings
        policy = InboundPolicy(settings: settings)
        resolver = ConnectionTLSResolver(
            proxyNetworks: settings.proxyNetworks, proxyDaemons: settings.proxyDaemons,
            proxyHeader: settings.proxyHeader)
        classifier = HopClassifier(signatures: settings.signatures)
    }

    public func mailFrom(_ context: StageContext) throws -> StageResult {
        guard settings.enforcementStage == .mail else { return .continue }
        return enforceEarly(context, recipient: nil)
    }

    public func rcptTo(_ context: StageContext, recipient: EnvelopeAddress) throws
        -> StageResult
    {
        enforceEarly(context, recipient: recipient)
    }

    public func endOfMessage(_ context: MessageContext) throws -> StageResult {
        let state = resolver.state(context.connection, headers: context.headers)
        var result = StageResult()
        removeForgedProxyFields(context, into: &result)
        result.findings.append(TLSFindings.connection(state))
        if !state.isLocal {
            applyInboundPolicy(context, state: state, into: &result)
        }
        let chain = analyze(context, state: state)
        if settings.addsHeaders {
            result.actions.append(
                .addHeader(name: TLSHeaders.connection, value: TLSHeaders.connectionValue(state)))
            result.actions.append(
                .addHeader(name: TLSHeaders.hops, value: TLSHeaders.hopsValue(chain.summary)))
        }
        applyHopPolicy(chain, into: &result)
        result.report = [
            (key: "hops", value: ChainReport.hops(chain)),
            (key: "hops_summary", value: ChainReport.summary(chain)),
        ]
        context.logger.debug(
            "tls chain",
            ["tls": TLSHeaders.connectionValue(state), "hops": TLSHeaders.hopsValue(chain.summary)])
        return result
    }

    // MARK: - Inbound policy

    /// Rejects or tempfails at MAIL FROM or RCPT TO when the facts are known this early;
    /// tag and quarantine actions wait for end of message.
    func enforceEarly(_ context: StageContext, recipient: EnvelopeAddress?) -> StageResult {
        guard let state = resolver.earlyState(context.connection), !state.isLocal else {
            return .continue
        }
        let includesSessionRules = recipient == nil || settings.enforcementStage == .rcpt
        guard
            let requirement = policy.requirement(
                context.connection, sender: context.envelope.sender, recipient: recipient,
                includesSessionRules: includesSessionRules),
            let violation = policy.check(state, against: requirement)
        else {
            return .continue
        }
        let action = settings.action(for: violation.kind)
        guard action == .reject || action == .tempfail else { return .continue }
        return rejection(violation, action: action, logger: context.logger)
    }

    private func rejection(_ violation: InboundViolation, action: ViolationAction, logger: Logger)
        -> StageResult
    {
        let detail = violation.kind == .missing ? "" : violation.detail
        let reply = settings.replies.reply(for: violation.kind, action: action, detail: detail)
        logger.debug(
            "tls requirement failed",
            [
                "rule": violation.kind.rule, "requirement": violation.requirement.detail,
                "detail": violation.detail, "action": action.rawValue,
            ])
        return StageResult(
            verdict: action == .reject ? .reject : .tempfail, reply: reply,
            findings: [TLSFindings.violation(violation, action: action)],
            rules: [violation.kind.rule])
    }

    /// Applies the inbound policy at end of message: tag, quarantine and continue actions,
    /// and reject or tempfail when the facts were not known before end of message (a proxy
    /// header).
    private func applyInboundPolicy(
        _ context: MessageContext, state: ConnectionTLSState, into result: inout StageResult
    ) {
        let decidedEarly = resolver.earlyState(context.connection) != nil
        for violation in violations(context, state: state) {
            let action = settings.action(for: violation.kind)
            switch action {
            case .reject, .tempfail:
                if decidedEarly { continue }
                let rejection = rejection(violation, action: action, logger: context.logger)
                merge(rejection, into: &result)
            case .quarantine:
                result.findings.append(TLSFindings.violation(violation, action: action))
                quarantine(reason: "TLS requirement failed: " + violation.detail, into: &result)
            case .tag:
                result.findings.append(TLSFindings.violation(violation, action: action))
                tag("inbound TLS requirement failed: " + violation.detail, into: &result)
            case .continue:
                result.findings.append(TLSFindings.violation(violation, action: action))
            }
            result.rules.append(violation.kind.rule)
        }
    }

    /// Returns the violations of the session rules and of each recipient's rule, each
    /// kind and requirement once.
    private func violations(_ context: MessageContext, state: ConnectionTLSState)
        -> [InboundViolation]
    {
        var found: [InboundViolation] = []
        let recipients: [EnvelopeAddress?] = [nil] + context.envelope.recipients.map { $0 }
        for recipient in recipients {
            guard
                let requirement = policy.requirement(
                    context.connection, sender: context.envelope.sender, recipient: recipient,
                    includesSessionRules: recipient == nil),
                let violation = policy.check(state, against: requirement),
                !found.contains(violation)
            else {
                continue
            }
            found.append(violation)
        }
        return found
    }

    // MARK: - Received chain

    private func analyze(_ context: MessageContext, state: ConnectionTLSState) -> ReceivedChain {
        var scope = settings.organisation
        if scope.domains.isEmpty, let host = context.connection.mtaHostname,
            let domain = DomainName.registeredDomain(of: host)
        {
            scope.domains = [domain]
        }
        let headers = context.headers.filter { $0.hasName("Received") }.map(ReceivedParser.parse)
        let analyzer = ReceivedChainAnalyzer(classifier: classifier, organisation: scope)
        return analyzer.analyze(
            headers: headers, connection: ConnectionHop.make(context.connection, state: state))
    }

    private func applyHopPolicy(_ chain: ReceivedChain, into result: inout StageResult) {
        let findings = TLSFindings.chain(chain)
        result.findings += findings
        for finding in findings {
            let action: HopAction
            let state: String
            switch finding.rule {
            case "tls.hop_clear":
                (action, state) = (settings.onHopClear, "in clear text")
            case "tls.hop_unknown":
                (action, state) = (settings.onHopUnknown, "with unknown TLS")
            default:
                continue
            }
            let hops = finding.attributes["hops"] ?? ""
            let text = "earlier internet hop \(hops) \(state) (\(chain.conclusion))"
            switch action {
            case .quarantine: quarantine(reason: text, into: &result)
            case .tag: tag(text, into: &result)
            case .continue: break
            }
            if action != .continue { result.rules.append(finding.rule) }
        }
    }

    // MARK: - Actions

    private func tag(_ text: String, into result: inout StageResult) {
        result.actions.append(
            .addHeader(name: TLSHeaders.warning, value: TLSHeaders.sanitized(text)))
        let subjectTag = settings.subjectTag
        if !subjectTag.isEmpty && !result.actions.contains(.tagSubject(tag: subjectTag)) {
            result.actions.append(.tagSubject(tag: subjectTag))
        }
    }

    private func quarantine(reason: String, into result: inout StageResult) {
        if result.verdict < .quarantine { result.verdict = .quarantine }
        if result.quarantineReason == nil {
            result.quarantineReason = TLSHeaders.sanitized(reason)
        }
    }

    private func merge(_ rejection: StageResult, into result: inout StageResult) {
        if rejection.verdict > result.verdict {
            result.verdict = rejection.verdict
            result.reply = rejection.reply
        }
        result.findings += rejection.findings
    }

    private func removeForgedProxyFields(_ context: MessageContext, into result: inout StageResult)
    {
        guard let name = settings.proxyHeader else { return }
        let occurrences = resolver.forgedProxyFields(context.connection, headers: context.headers)
        for occurrence in occurrences {
            result.actions.append(.deleteHeader(name: name, occurrence: occurrence))
        }
        if !occurrences.isEmpty {
            context.logger.warning(
                "proxy header removed", ["header": name, "count": String(occurrences.count)])
        }
    }
}
