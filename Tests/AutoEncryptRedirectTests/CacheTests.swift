import Dispatch
import PluginAPI
import Synchronization
import Testing

@testable import AutoEncryptRedirect

@Suite struct CacheTests {
    static func assurance(_ domain: String, _ level: TLSAssurance = .encrypted) -> DomainAssurance {
        DomainAssurance(
            domain: domain, assurance: level, decidedBy: .probe, enforcementLevel: .encrypt,
            evidence: [], matchPatterns: [])
    }

    @Test func entryExpiresAfterTTL() {
        let cache = AssuranceCache(path: nil, capacity: 10)
        cache.store(CacheTests.assurance("a.example"), ttl: 60, now: 1000)
        #expect(cache.lookup("a.example", now: 1059)?.assurance == .encrypted)
        #expect(cache.lookup("a.example", now: 1060) == nil)
    }

    @Test func capacityDropsSoonestExpiring() {
        let cache = AssuranceCache(path: nil, capacity: 2)
        cache.store(CacheTests.assurance("a.example"), ttl: 10, now: 1000)
        cache.store(CacheTests.assurance("b.example"), ttl: 100, now: 1000)
        cache.store(CacheTests.assurance("c.example"), ttl: 50, now: 1000)
        #expect(cache.lookup("a.example", now: 1001) == nil)
        #expect(cache.lookup("b.example", now: 1001) != nil)
        #expect(cache.lookup("c.example", now: 1001) != nil)
    }

    @Test func fileLineRoundTrips() throws {
        var assurance = CacheTests.assurance("sts.example", .verified)
        assurance.enforcementLevel = .verify
        assurance.decidedBy = .mtaSTS
        assurance.matchPatterns = ["mx1.sts.example", "*.mail.sts.example"]
        let entry = AssuranceCache.Entry(assurance: assurance, expires: 1234)
        let parsed = try #require(
            AssuranceCache.entry(from: Substring(AssuranceCache.line(for: entry))))
        #expect(parsed == entry)
    }

    @Test(arguments: ["", "a.example\tbogus\t-\t-\t1\t-", "a.example\tverified\t-\t-\tsoon\t-"])
    func malformedCacheLineIsSkipped(line: String) {
        #expect(AssuranceCache.entry(from: Substring(line)) == nil)
    }

    @Test func schedulerRunsEachDomainOnce() {
        let runs = Mutex<[String]>([])
        let release = DispatchSemaphore(value: 0)
        let scheduler = ProbeScheduler(concurrency: 1) { domain in
            runs.withLock { $0.append(domain) }
            release.wait()
        }
        #expect(scheduler.start("a.example"))
        #expect(scheduler.start("a.example"))
        #expect(scheduler.start("b.example"))
        #expect(scheduler.isPending("b.example"))

        // The probes are released only after startAndWait has found b.example pending,
        // because a b.example probe that had already finished would be started again.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(500)) {
            release.signal()
            release.signal()
        }
        #expect(scheduler.startAndWait("b.example", timeout: .seconds(5)))
        #expect(runs.withLock { $0 } == ["a.example", "b.example"])
    }

    @Test func waitGivesUpAtTimeout() {
        let release = DispatchSemaphore(value: 0)
        let scheduler = ProbeScheduler(concurrency: 1) { _ in release.wait() }
        let started = ContinuousClock.now
        #expect(!scheduler.startAndWait("slow.example", timeout: .milliseconds(50)))
        #expect(ContinuousClock.now - started < .seconds(2))
        release.signal()
    }

    @Test func fullQueueRefusesNewDomains() {
        let release = DispatchSemaphore(value: 0)
        let scheduler = ProbeScheduler(concurrency: 1, maxQueued: 1) { _ in release.wait() }
        #expect(scheduler.start("a.example"))
        usleepMilliseconds(50)
        #expect(scheduler.start("b.example"))
        #expect(!scheduler.start("c.example"))
        release.signal()
        release.signal()
    }

    @Test(arguments: [
        (
            [
                AssuranceEvidence(
                    source: .probe, assurance: .encrypted, enforcementLevel: .encrypt, detail: ""),
                AssuranceEvidence(
                    source: .mtaSTS, assurance: .verified, enforcementLevel: .verify, detail: ""),
            ],
            AssuranceSource.mtaSTS, TLSAssurance.verified
        ),
        (
            [
                AssuranceEvidence(
                    source: .policyMap, assurance: .none, enforcementLevel: nil, detail: ""),
                AssuranceEvidence(
                    source: .dane, assurance: .verified, enforcementLevel: .dane, detail: ""),
            ],
            .policyMap, .none
        ),
        (
            [
                AssuranceEvidence(
                    source: .dane, assurance: .verified, enforcementLevel: .dane, detail: ""),
                AssuranceEvidence(
                    source: .override, assurance: .opportunistic, enforcementLevel: nil, detail: ""),
            ],
            .override, .opportunistic
        ),
        (
            [
                AssuranceEvidence(
                    source: .policyMap, assurance: .verified, enforcementLevel: .verify, detail: ""),
                AssuranceEvidence(
                    source: .dane, assurance: .verified, enforcementLevel: .dane, detail: ""),
            ],
            .policyMap, .verified
        ),
    ])
    func combinerPicksDecisiveSource(
        evidence: [AssuranceEvidence], source: AssuranceSource, assurance: TLSAssurance
    ) {
        let result = AssuranceCombiner.combine(
            domain: "x.example", evidence: evidence, mtaSTSPatterns: [])
        #expect(result.decidedBy == source)
        #expect(result.assurance == assurance)
    }

    @Test func noEvidenceIsUnknown() {
        let result = AssuranceCombiner.combine(
            domain: "x.example", evidence: [], mtaSTSPatterns: [])
        #expect(result.assurance == .unknown)
        #expect(result.decidedBy == nil)
    }
}

@Suite struct CacheLifetimeTests {
    func report(maxAge: Int) throws -> DomainReport {
        var report = DomainReport(domain: "sts.example")
        report.mtaSTS = .success(
            (
                try MTASTSRecord(txtRecords: ["v=STSv1; id=1"]),
                MTASTSPolicy(mode: .enforce, mxPatterns: ["mx.sts.example"], maxAge: maxAge)
            ))
        return report
    }

    @Test(arguments: [
        (AssuranceSource.mtaSTS, TLSAssurance.verified, 60, 60),
        (.mtaSTS, .verified, 86400, 3600),
        (.probe, .encrypted, 60, 3600),
        (.probe, .unknown, 60, 300),
    ])
    func lifetimeFollowsSourceAndMaxAge(
        source: AssuranceSource, level: TLSAssurance, maxAge: Int, expected: Int
    ) throws {
        var assurance = CacheTests.assurance("sts.example", level)
        assurance.decidedBy = source
        let seconds = AssuranceService.lifetime(assurance, try report(maxAge: maxAge), 3600, 300)
        #expect(seconds == expected)
    }
}
