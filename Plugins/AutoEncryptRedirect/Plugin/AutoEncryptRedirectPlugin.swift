import Logging
import Mail
import PluginAPI

/// The auto_encrypt_redirect rule plugin: for a sensitive message, each recipient is
/// reached only over TLS that can be trusted, or the message is redirected to an
/// encryption gateway, encrypted with S/MIME, held or rejected, as configured.
///
/// It runs after the plugins that mark a message as sensitive (a finding of kind
/// `SharedFindingKind.sensitive`) and leaves every other message alone. It also carries
/// out the decisions the milter cannot apply alone (`RecipientActionExecutor`): S/MIME
/// encryption and copies sent to the reinjection listener.
public final class AutoEncryptRedirectPlugin: RulePlugin, RecipientActionExecutor {
    let settings: AutoEncryptSettings
    let assurance: AssuranceService
    let decider: RecipientDecider

    public static let descriptor = PluginDescriptor(
        name: "auto_encrypt_redirect",
        summary: "Deliver sensitive mail only over trusted TLS, else redirect, encrypt, "
            + "hold or reject",
        configKeys: AutoEncryptKeys.all,
        runsAfter: ["tls_requirement", "phi_detection"],
        failurePolicy: .tempfail,
        timeBudget: .seconds(60),
        make: { configuration in try AutoEncryptRedirectPlugin(configuration) }
    )

    init(_ configuration: PluginConfiguration) throws {
        settings = try AutoEncryptSettings(configuration)
        assurance = AutoEncryptRedirectPlugin.makeService(settings)
        decider = RecipientDecider(settings: settings)
    }

    static func makeService(_ settings: AutoEncryptSettings) -> AssuranceService {
        AssuranceService(
            overrides: settings.overrides, policyMap: settings.policyMap,
            cache: AssuranceCache(path: settings.cacheFile, capacity: settings.cacheSize),
            prober: DomainProber(settings: settings.probe), ttl: settings.cacheTTL,
            unknownTTL: settings.unknownCacheTTL, concurrency: settings.concurrency)
    }

    // MARK: - Stages

    /// Starts the check of the recipient's domain in the background, so its result is
    /// likely ready at end of message. Never delays or refuses the recipient.
    public func rcptTo(_ context: StageContext, recipient: EnvelopeAddress) throws -> StageResult {
        if settings.probeAtRCPT, let domain = recipient.domain {
            assurance.prefetch([domain])
        }
        return .continue
    }

    public func endOfMessage(_ context: MessageContext) throws -> StageResult {
        guard context.findings.contains(where: { $0.kind == SharedFindingKind.sensitive }) else {
            return .continue
        }
        var result = StageResult()
        if let refusal = handleTLSRequired(context, result: &result) {
            return refusal
        }

        let recipients = context.envelope.recipients
        let domains = Array(Set(recipients.compactMap(\.domain))).sorted()
        let known = assurance.assurances(for: domains, budget: settings.budget)
        for recipient in recipients {
            let domain = recipient.domain ?? ""
            let domainAssurance = known[domain] ?? .unknown(domain, detail: "no domain")
            let decision = decider.decide(recipient, assurance: domainAssurance)
            result.recipientDecisions.append(decision)
            log(decision, assurance: domainAssurance, context.logger)
            if !result.rules.contains(decision.rule) { result.rules.append(decision.rule) }
        }
        result.report.append(("tls_assurance", AutoEncryptRedirectPlugin.report(known)))
        return result
    }

    /// Strips or rejects `TLS-Required: No`. Returns the reject result, or nil after adding
    /// the deletions to `result`.
    private func handleTLSRequired(_ context: MessageContext, result: inout StageResult)
        -> StageResult?
    {
        let deletions = TLSRequiredHeader.deletions(in: context.headers)
        guard !deletions.isEmpty else { return nil }
        let metadata: LogMetadata = [
            "from": context.envelope.sender?.description ?? "<>",
            "rule": "auto_encrypt.tls_required_no",
            "action": settings.tlsRequiredNo.rawValue,
        ]
        if settings.tlsRequiredNo == .reject {
            context.logger.warning("TLS-Required: no on sensitive message rejected", metadata)
            return .reject(settings.tlsRequiredReply, rule: "auto_encrypt.tls_required_no")
        }
        context.logger.notice("TLS-Required: no removed from sensitive message", metadata)
        result.actions += deletions
        result.rules.append("auto_encrypt.tls_required_no")
        return nil
    }

    private func log(_ decision: RecipientDecision, assurance: DomainAssurance, _ logger: Logger) {
        logger.info(
            "recipient decision",
            [
                "to": EnvelopeAddress(raw: decision.recipient).description,
                "rule": decision.rule, "action": decision.action.name,
                "assurance": assurance.assurance.rawValue,
                "source": assurance.decidedBy?.rawValue ?? "none",
            ])
    }

    static func report(_ assurances: [String: DomainAssurance]) -> ReportValue {
        .object(
            assurances.keys.sorted().compactMap { domain in
                guard let entry = assurances[domain] else { return nil }
                return (
                    domain,
                    .object([
                        ("assurance", .string(entry.assurance.rawValue)),
                        ("source", entry.decidedBy.map { .string($0.rawValue) } ?? .null),
                        ("level", entry.enforcementLevel.map { .string($0.rawValue) } ?? .null),
                    ])
                )
            })
    }
}
