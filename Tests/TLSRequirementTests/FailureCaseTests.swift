import Mail
import PluginAPI
import TLSRequirement
import Testing

/// Failures seen in other trace-header readers and TLS checks, restated as inputs.
@Suite struct FailureCaseTests {
    typealias Harness = PluginHarness

    // MARK: - TLS terminated by a proxy in front of the MTA

    private func proxied(address: String = "192.0.2.20", daemon: String? = nil) -> ConnectionInfo {
        Harness.connection(address: address, hostname: "proxy.example.net", daemon: daemon)
    }

    private let frontendHeader = HeaderField(name: "X-Frontend-TLS", value: "TLSv1.3")

    @Test func proxyWithoutFactsIsUnknown() throws {
        let plugin = try Harness.plugin(["tls_proxy_networks": "192.0.2.20"])
        let result = try plugin.endOfMessage(Harness.message(proxied(), headers: []))
        #expect(Harness.addedHeaders(result, "X-TLSGuard-TLS") == ["unknown"])
        #expect(Harness.finding(result, "tls.connection")?.kind == "UNKNOWN")
        guard case .array(let hops) = result.report[0].value else {
            Issue.record("hops is not an array")
            return
        }
        #expect(hops.last?.field("tls") == "unknown")
    }

    @Test func proxyHeaderTrustedFromProxyAddress() throws {
        let plugin = try Harness.plugin([
            "tls_proxy_networks": "192.0.2.20", "tls_proxy_header": "X-Frontend-TLS",
            "tls_require_recipient_domains": "example.org",
        ])
        let recipient = EnvelopeAddress(raw: "<carol@example.org>")
        #expect(
            try plugin.rcptTo(Harness.stage(proxied()), recipient: recipient).verdict == .continue)
        let result = try plugin.endOfMessage(Harness.message(proxied(), headers: [frontendHeader]))
        #expect(Harness.addedHeaders(result, "X-TLSGuard-TLS") == ["version=TLSv1.3"])
        #expect(result.verdict == .continue)
        #expect(!result.actions.contains(.deleteHeader(name: "X-Frontend-TLS", occurrence: 1)))
    }

    @Test func proxyHeaderWithAllFacts() throws {
        let plugin = try Harness.plugin([
            "tls_proxy_networks": "192.0.2.0/28", "tls_proxy_header": "X-Frontend-TLS",
            "tls_require_recipient_domains": "example.org", "tls_minimum_bits": "256",
        ])
        let header = HeaderField(
            name: "X-Frontend-TLS",
            value: "version=TLSv1.2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128")
        let result = try plugin.endOfMessage(
            Harness.message(proxied(address: "192.0.2.2"), headers: [header]))
        #expect(
            Harness.addedHeaders(result, "X-TLSGuard-TLS")
                == ["version=TLSv1.2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128"])
        #expect(result.verdict == .reject)
        #expect(result.reply?.text.contains("128-bit cipher used, 256 bits required") == true)
    }

    @Test func proxyHeaderTrustedFromProxyListener() throws {
        let plugin = try Harness.plugin([
            "tls_proxy_daemons": "smtpd-proxied", "tls_proxy_header": "X-Frontend-TLS",
        ])
        let connection = proxied(address: "192.0.2.66", daemon: "smtpd-proxied")
        let result = try plugin.endOfMessage(Harness.message(connection, headers: [frontendHeader]))
        #expect(Harness.addedHeaders(result, "X-TLSGuard-TLS") == ["version=TLSv1.3"])
    }

    @Test func forgedProxyHeaderIsIgnoredAndRemoved() throws {
        let plugin = try Harness.plugin([
            "tls_proxy_networks": "192.0.2.20", "tls_proxy_header": "X-Frontend-TLS",
        ])
        let headers = [frontendHeader, HeaderField(name: "x-frontend-tls", value: "TLSv1.2")]
        let result = try plugin.endOfMessage(
            Harness.message(Harness.connection(), headers: headers))
        #expect(Harness.addedHeaders(result, "X-TLSGuard-TLS") == ["none"])
        let deletions = result.actions.filter {
            if case .deleteHeader = $0 { return true }
            return false
        }
        #expect(
            deletions == [
                .deleteHeader(name: "X-Frontend-TLS", occurrence: 2),
                .deleteHeader(name: "X-Frontend-TLS", occurrence: 1),
            ])
    }

    @Test func proxiedRequirementDecidedAtEndOfMessage() throws {
        let plugin = try Harness.plugin([
            "tls_proxy_networks": "192.0.2.20", "tls_proxy_header": "X-Frontend-TLS",
            "tls_require_recipient_domains": "example.org",
        ])
        let result = try plugin.endOfMessage(Harness.message(proxied(), headers: []))
        #expect(result.verdict == .reject)
        #expect(result.reply?.description == "530 5.7.0 Must issue a STARTTLS command first")
    }

    @Test func proxyWithoutHeaderFailsRequirementEarly() throws {
        let plugin = try Harness.plugin([
            "tls_proxy_networks": "192.0.2.20", "tls_require_recipient_domains": "example.org",
        ])
        let recipient = EnvelopeAddress(raw: "<carol@example.org>")
        let result = try plugin.rcptTo(Harness.stage(proxied()), recipient: recipient)
        #expect(result.verdict == .reject)
        #expect(
            Harness.finding(result, "tls.inbound_missing")?.attributes["detail"]?
                .hasPrefix("TLS not proven") == true)
    }

    // MARK: - Malformed and unusual trace headers

    @Test func malformedTraceHeadersAreUnknown() throws {
        let plugin = try Harness.plugin()
        let headers = Harness.headers(ofMessage: "messages/malformed-trace-headers.eml")
        let result = try plugin.endOfMessage(
            Harness.message(Harness.connection(tls: Harness.tls13), headers: headers))
        #expect(result.report[1].value.field("verdict") == "unknown")
        #expect(Harness.finding(result, "tls.hop_unknown")?.count == 1)
        #expect(Harness.finding(result, "tls.hop_clear") == nil)
    }

    @Test func exchangeFormatsAreClassified() {
        let headers = TLSFixtures.receivedHeaders(ofMessage: "messages/exchange-formats.eml")
        let classifier = HopClassifier()
        let verdicts = headers.map { classifier.classify($0).tls }
        #expect(verdicts == [.yes, .yes, .yes, .yes, .no])
        #expect(classifier.classify(headers[4]).kind == .local)
        #expect(
            headers.map { $0.from?.address?.description } == [
                "192.0.2.30", "192.0.2.41", "192.0.2.43", "192.0.2.44", "fe80::1c2d:3e4f:5a6b:7c8d",
            ])
    }

    @Test func protocolKeywordsInAnyCase() {
        let headers = TLSFixtures.receivedHeaders(ofMessage: "messages/rfc3848-keywords.eml")
        let classifier = HopClassifier()
        #expect(headers.map { classifier.classify($0).tls } == [.yes, .yes])
        #expect(headers.map(\.protocolName) == ["ESMTPSA", "UTF8SMTPS"])
    }

    @Test func lmtpDeliveryIsNotAnInternetHop() {
        let value =
            "from mx.example.org ([10.8.0.2]) by imap.example.org with LMTP id 8GFf "
            + "for <k@example.org>; Thu, 11 Sep 2025 14:20:05 +0200"
        let header = ReceivedParser.parse(Array(value.utf8))
        let analyzer = ReceivedChainAnalyzer(
            organisation: OrganisationScope(domains: ["example.org"]))
        let chain = analyzer.analyze(headers: [header])
        #expect(chain.hops.first?.tls == TLSVerdict.no)
        #expect(chain.hops.first?.isInternal == true)
        #expect(chain.summary.internetHops == 0)
        #expect(chain.summary.clear == 0)
    }

    @Test func loopbackHopsAboveExternalHopAreSkipped() throws {
        let plugin = try Harness.plugin(["tls_internal_domains": "example.net"])
        let headers = Harness.headers(ofMessage: "messages/loopback-hops-above-external.eml")
        let connection = Harness.connection(address: "127.0.0.1", hostname: "localhost")
        let result = try plugin.endOfMessage(Harness.message(connection, headers: headers))
        #expect(
            Harness.addedHeaders(result, "X-TLSGuard-Hops")
                == ["internet=1 encrypted=1 clear=0 unknown=0 path=encrypted"])
        #expect(result.report[1].value.field("external_boundary_index") == "2")
        #expect(result.report[1].value.field("boundary_tls") == "yes")
    }

    @Test func outlookAddressFormsKeepTLSFacts() throws {
        let plugin = try Harness.plugin()
        let headers = Harness.headers(ofMessage: "messages/outlook-address-forms.eml")
        let result = try plugin.endOfMessage(
            Harness.message(Harness.connection(tls: Harness.tls13), headers: headers))
        guard case .array(let hops) = result.report[0].value else {
            Issue.record("hops is not an array")
            return
        }
        let addresses = hops.compactMap { $0.field("from_ip") }
        #expect(addresses.contains("2001:db8:1::25"))
        #expect(addresses.contains("192.0.2.99"))
        #expect(addresses.contains("192.0.2.98"))
        #expect(hops.filter { $0.field("tls") == "yes" }.count == 4)
    }

    @Test func brokenDatesDoNotStopTheChain() {
        let headers = TLSFixtures.receivedHeaders(ofMessage: "messages/broken-dates.eml")
        let classifier = HopClassifier()
        #expect(headers.count == 6)
        #expect(headers.allSatisfy { $0.date != nil })
        #expect(classifier.classify(headers[0]).tls == .yes)
        #expect(classifier.classify(headers[4]).kind == .local)
        #expect(classifier.classify(headers[5]).tls == .unknown)
    }
}
