import Glibc
import PluginAPI
import Testing

@testable import AutoEncryptRedirect

/// The checks against real servers: a DNS server, an HTTPS MTA-STS server and Postfix
/// SMTP servers on loopback (see `OutboundServers`).
@Suite(.enabled(if: OutboundServers.toolsAvailable, "needs postfix, smtp-sink, openssl, python3"))
struct ProbeTests {
    func settings(_ servers: OutboundServers) throws -> ProbeSettings {
        var settings = ProbeSettings()
        settings.resolver = try DNSResolver(setting: "127.0.0.1:\(servers.dnsPort)")
        settings.port = 2525
        settings.hostTimeout = .seconds(5)
        settings.caFile = servers.certificates + "/ca.pem"
        settings.mtaSTSCAFile = servers.certificates + "/ca.pem"
        settings.mtaSTSPort = servers.httpsPort
        settings.heloName = "probe.test"
        return settings
    }

    func examine(_ domain: String, _ change: (inout ProbeSettings) -> Void = { _ in }) throws
        -> (DomainReport, DomainAssurance)
    {
        var settings = try settings(try OutboundServers.get())
        change(&settings)
        let report = DomainProber(settings: settings).examine(domain)
        let assurance = AssuranceCombiner.combine(
            domain: domain, evidence: report.evidence,
            mtaSTSPatterns: report.enforcedMTASTSPatterns)
        return (report, assurance)
    }

    @Test(arguments: [
        (
            "tls.example", TLSAssurance.verified, AssuranceSource.mtaSTS,
            Optional<TLSEnforcementLevel>.some(.verify)
        ),
        ("dane.example", .verified, .dane, .dane),
        ("expired.example", .encrypted, .probe, .encrypt),
        ("unsigned-dane.example", .encrypted, .probe, .encrypt),
        ("wrongdane.example", .encrypted, .probe, .encrypt),
        ("sts-testing.example", .encrypted, .probe, .encrypt),
        ("sts-mismatch.example", .encrypted, .probe, .encrypt),
        ("notls.example", .none, .probe, nil),
        ("nullmx.example", .none, .probe, nil),
    ])
    func domainAssurance(
        domain: String, assurance: TLSAssurance, source: AssuranceSource,
        level: TLSEnforcementLevel?
    ) throws {
        let (report, result) = try examine(domain)
        #expect(result.assurance == assurance, "\(report.notes) \(result.evidence)")
        #expect(result.decidedBy == source)
        #expect(result.enforcementLevel == level)
    }

    @Test func unreachableHostIsUnknown() throws {
        let (report, result) = try examine("down.example")
        #expect(result.assurance == .unknown)
        #expect(report.hosts.first?.error?.contains("Connection refused") == true)
    }

    @Test func probeRecordsHandshakeFacts() throws {
        let (report, _) = try examine("tls.example")
        let host = try #require(report.hosts.first)
        let tls = try #require(host.tls)
        #expect(host.starttlsOffered)
        #expect(host.address == (try OutboundServers.get().tlsAddress))
        #expect(tls.protocolVersion.hasPrefix("TLSv1."))
        #expect(!tls.cipher.isEmpty)
        #expect(tls.cipherBits >= 128)
        #expect(tls.certificateVerified)
        #expect(tls.nameMatched)
        #expect(tls.certificateSubject?.contains("mx.tls.example") == true)
    }

    @Test func expiredCertificateIsSeenAsUnverified() throws {
        let (report, _) = try examine("expired.example")
        let tls = try #require(report.hosts.first?.tls)
        #expect(!tls.certificateVerified)
        #expect(tls.verificationError != nil)
    }

    @Test func requireTrustedCertificateDowngradesExpired() throws {
        let (_, result) = try examine("expired.example") { $0.requireTrustedCertificate = true }
        #expect(result.assurance == .opportunistic)
    }

    @Test func daneMatchIsRecorded() throws {
        let (report, _) = try examine("dane.example")
        #expect(report.mxAuthenticated)
        #expect(report.hosts.first?.tls?.daneAuthenticated == true)
        #expect(report.tlsa["mx.dane.example"]?.authenticated == true)
    }

    @Test func wrongTLSAIsNotVerified() throws {
        let (report, result) = try examine("wrongdane.example")
        #expect(report.hosts.first?.tls?.daneAuthenticated == false)
        let dane = result.evidence.first { $0.source == .dane }
        #expect(dane?.assurance == .opportunistic)
    }

    @Test func mtaSTSPolicyIsFetched() throws {
        let (report, result) = try examine("tls.example")
        guard case .success(let fetched) = report.mtaSTS else {
            Issue.record("MTA-STS fetch failed: \(String(describing: report.mtaSTS))")
            return
        }
        #expect(fetched.record.id == "20260101T000000")
        #expect(fetched.policy.mode == .enforce)
        #expect(fetched.policy.mxPatterns == ["mx.tls.example"])
        #expect(result.matchPatterns == ["mx.tls.example"])
    }

    @Test func untrustedPolicyHostIsRefused() throws {
        let (report, result) = try examine("tls.example") { $0.mtaSTSCAFile = "/dev/null" }
        guard case .failure(let error) = report.mtaSTS else {
            Issue.record("fetch succeeded without a trusted CA")
            return
        }
        #expect(error.description.contains("MTA-STS"))
        #expect(result.decidedBy == .probe)
    }

    @Test func mxHostOverrideSkipsLookup() throws {
        let servers = try OutboundServers.get()
        let (report, result) = try examine("no-such-domain.example") {
            $0.mxHostOverride = servers.noTLSAddress
            $0.mtaSTSEnabled = false
        }
        #expect(report.mxHosts == [servers.noTLSAddress])
        #expect(result.assurance == .none)
    }

    @Test func serviceWaitsWithinBudget() throws {
        let servers = try OutboundServers.get()
        var settings = try settings(servers)
        settings.mtaSTSEnabled = false
        let service = AssuranceService(
            overrides: PostfixPolicyMap(), policyMap: PostfixPolicyMap(),
            cache: AssuranceCache(path: nil, capacity: 10),
            prober: DomainProber(settings: settings),
            ttl: 60, unknownTTL: 10, concurrency: 2)
        let found = service.assurances(for: ["notls.example", "tls.example"], budget: .seconds(20))
        #expect(found["notls.example"]?.assurance == TLSAssurance.none)
        #expect(found["tls.example"]?.assurance == .encrypted)
        #expect(service.cache.lookup("tls.example")?.assurance == .encrypted)
    }

    @Test func slowCheckLeavesDomainUnknown() throws {
        let servers = try OutboundServers.get()
        var settings = try settings(servers)
        settings.mtaSTSEnabled = false
        let service = AssuranceService(
            overrides: PostfixPolicyMap(), policyMap: PostfixPolicyMap(),
            cache: AssuranceCache(path: nil, capacity: 10),
            prober: DomainProber(settings: settings),
            ttl: 60, unknownTTL: 10, concurrency: 2)
        let started = ContinuousClock.now
        let found = service.assurances(for: ["expired.example"], budget: .milliseconds(1))
        #expect(ContinuousClock.now - started < .milliseconds(500))
        #expect(found["expired.example"]?.assurance == .unknown)

        var finished = false
        for _ in 0..<100 where !finished {
            finished = service.cache.lookup("expired.example") != nil
            if !finished { usleepMilliseconds(100) }
        }
        #expect(finished, "the background check should fill the cache")
    }
}

func usleepMilliseconds(_ milliseconds: UInt32) {
    var request = timespec(
        tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
    nanosleep(&request, nil)
}
