import Mail
import PluginAPI
import TLSRequirement
import Testing

/// Checks whole chains per hop and in their summary, with the recipient organisation
/// configured and with the organisation taken from the topmost line.
@Suite struct ChainAnalysisTests {
    @Test func chainsAreLoaded() {
        #expect(TLSFixtures.chainCases().count == 4)
    }

    @Test(arguments: TLSFixtures.chainCases())
    func hopsMatchWithConfiguredOrganisation(_ chainCase: ChainCase) {
        let scope = OrganisationScope(domains: chainCase.recipientOrganisation)
        check(chainCase, chain: analyze(chainCase, scope: scope))
    }

    @Test(arguments: TLSFixtures.chainCases())
    func hopsMatchWithDerivedOrganisation(_ chainCase: ChainCase) {
        let headers = TLSFixtures.receivedHeaders(chainCase.message)
        let top = headers.first?.by?.host.flatMap(DomainName.registeredDomain(of:))
        let scope = OrganisationScope(domains: top.map { [$0] } ?? [])
        check(chainCase, chain: analyze(chainCase, scope: scope))
    }

    private func analyze(_ chainCase: ChainCase, scope: OrganisationScope) -> ReceivedChain {
        let analyzer = ReceivedChainAnalyzer(organisation: scope)
        return analyzer.analyze(headers: TLSFixtures.receivedHeaders(chainCase.message))
    }

    private func check(_ chainCase: ChainCase, chain: ReceivedChain) {
        #expect(chain.hops.count == chainCase.hops.count)
        for expected in chainCase.hops {
            guard let hop = chain.hops.first(where: { $0.index == expected.index }) else {
                Issue.record("hop with index \(expected.index) missing")
                continue
            }
            let report = ChainReport.hop(hop)
            for (key, value) in expected.fields.sorted(by: { $0.key < $1.key }) {
                #expect(report.field(key) == value, "index \(expected.index) \(key)")
            }
            #expect(hop.isInternal == expected.isInternal, "index \(expected.index) internal")
        }
        let summary = ChainReport.summary(chain)
        for key in [
            "external_boundary_index", "boundary_tls", "all_network_hops_tls",
            "first_non_tls_network_hop", "unknown_hops",
        ] {
            #expect(summary.field(key) == chainCase.summary[key], "summary \(key)")
        }
    }
}
