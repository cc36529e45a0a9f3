import Mail
import PluginAPI
import TLSRequirement
import Testing

/// End of message: the added header fields, hop findings and actions, and the report.
@Suite struct EndOfMessageTests {
    typealias Harness = PluginHarness

    @Test func connectionHeaderNamesTLSFacts() throws {
        let plugin = try Harness.plugin()
        let result = try plugin.endOfMessage(
            Harness.message(Harness.connection(tls: Harness.tls13), headers: []))
        #expect(
            Harness.addedHeaders(result, "X-TLSGuard-TLS")
                == ["version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256"])
        #expect(Harness.finding(result, "tls.connection")?.kind == "TLS")
    }

    @Test func connectionHeaderSaysNoneWithoutTLS() throws {
        let plugin = try Harness.plugin()
        let result = try plugin.endOfMessage(Harness.message(Harness.connection(), headers: []))
        #expect(Harness.addedHeaders(result, "X-TLSGuard-TLS") == ["none"])
        #expect(Harness.finding(result, "tls.connection")?.kind == "CLEAR")
    }

    @Test func headersCanBeTurnedOff() throws {
        let plugin = try Harness.plugin(["tls_add_headers": "no"])
        let result = try plugin.endOfMessage(Harness.message(Harness.connection(), headers: []))
        #expect(Harness.addedHeaders(result, "X-TLSGuard-TLS").isEmpty)
        #expect(Harness.addedHeaders(result, "X-TLSGuard-Hops").isEmpty)
    }

    /// The mailing-list chain as the milter on the recipient's Postfix would see it: the
    /// list server connects without TLS, and only the lines below its own are present.
    @Test func hopsHeaderCountsInternetHops() throws {
        let headers = Harness.headers(ofMessage: "chains/mailing-list-mixed.txt")
        let received = headers.filter { $0.hasName("Received") }
        let visible = Array(received.dropFirst(4))
        let connection = Harness.connection(address: "198.51.100.5", hostname: "lists.example.net")
        let plugin = try Harness.plugin(["tls_internal_domains": "example.org"])
        let result = try plugin.endOfMessage(Harness.message(connection, headers: visible))
        #expect(
            Harness.addedHeaders(result, "X-TLSGuard-Hops")
                == ["internet=3 encrypted=2 clear=1 unknown=0 path=clear"])
        #expect(Harness.finding(result, "tls.hop_clear") == nil)
        #expect(Harness.finding(result, "tls.connection")?.kind == "CLEAR")
    }

    @Test func clearEarlierHopIsTaggedByDefault() throws {
        let headers = Harness.headers(ofMessage: "messages/webmail-filter-clear.eml")
            .filter { $0.hasName("Received") }.dropFirst()
        let connection = Harness.connection(
            address: "198.51.100.60", hostname: "filter.example.net", tls: Harness.tls13)
        let plugin = try Harness.plugin(["tls_internal_domains": "example.org"])
        let result = try plugin.endOfMessage(Harness.message(connection, headers: Array(headers)))
        let finding = Harness.finding(result, "tls.hop_clear")
        #expect(finding?.kind == "HOP_CLEAR")
        #expect(finding?.count == 1)
        #expect(finding?.attributes["hops"] == "3")
        let warnings = Harness.addedHeaders(result, "X-TLSGuard-Warning")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("earlier internet hop 3 in clear text") == true)
        #expect(warnings.first?.contains("mail.sender.example -> filter.example.net") == true)
        #expect(
            Harness.addedHeaders(result, "X-TLSGuard-Hops")
                == ["internet=3 encrypted=2 clear=1 unknown=0 path=clear"])
        #expect(result.verdict == .continue)
    }

    @Test(arguments: [("quarantine", Verdict.quarantine, 0), ("continue", Verdict.continue, 0)])
    func clearEarlierHopActions(_ action: String, _ verdict: Verdict, _ warnings: Int) throws {
        let headers = Harness.headers(ofMessage: "messages/webmail-filter-clear.eml")
            .filter { $0.hasName("Received") }.dropFirst()
        let connection = Harness.connection(
            address: "198.51.100.60", hostname: "filter.example.net", tls: Harness.tls13)
        let plugin = try Harness.plugin([
            "tls_on_hop_clear": action, "tls_internal_domains": "example.org",
        ])
        let result = try plugin.endOfMessage(Harness.message(connection, headers: Array(headers)))
        #expect(result.verdict == verdict)
        #expect(Harness.addedHeaders(result, "X-TLSGuard-Warning").count == warnings)
        #expect(Harness.finding(result, "tls.hop_clear") != nil)
    }

    @Test func reportCarriesHopsAndSummary() throws {
        let plugin = try Harness.plugin()
        let headers = Harness.headers(ofMessage: "messages/rfc3848-keywords.eml")
        let result = try plugin.endOfMessage(
            Harness.message(Harness.connection(tls: Harness.tls13), headers: headers))
        #expect(result.report.map(\.key) == ["hops", "hops_summary"])
        guard case .array(let hops) = result.report[0].value else {
            Issue.record("hops is not an array")
            return
        }
        #expect(hops.count == 3)
        #expect(hops.last?.field("source") == "connection")
        #expect(hops.last?.field("written_by") == "ours")
        #expect(hops.first?.field("written_by") == "sender")
        #expect(result.report[1].value.field("verdict") == "encrypted")
    }

    @Test func encryptedPathFindingNeedsReceivedLines() throws {
        let plugin = try Harness.plugin()
        let connection = Harness.connection(tls: Harness.tls13)
        let bare = try plugin.endOfMessage(
            Harness.message(
                connection, headers: Harness.headers(ofMessage: "messages/no-received-lines.eml")))
        #expect(Harness.finding(bare, "tls.path_encrypted") == nil)
        #expect(Harness.finding(bare, "tls.path_unknown")?.kind == "PATH_UNKNOWN")
        #expect(
            Harness.addedHeaders(bare, "X-TLSGuard-Hops")
                == ["internet=1 encrypted=1 clear=0 unknown=0 path=unknown"])
        let traced = try plugin.endOfMessage(
            Harness.message(
                connection, headers: Harness.headers(ofMessage: "messages/rfc3848-keywords.eml")))
        // The UTF8SMTPS hop stays inside example.com, so two internet hops remain.
        #expect(Harness.finding(traced, "tls.path_encrypted")?.count == 2)
    }

    @Test func plainConnectionWithoutReceivedLines() throws {
        let plugin = try Harness.plugin()
        let result = try plugin.endOfMessage(
            Harness.message(
                Harness.connection(),
                headers: Harness.headers(ofMessage: "messages/no-received-lines.eml")))
        #expect(
            Harness.addedHeaders(result, "X-TLSGuard-Hops")
                == ["internet=1 encrypted=0 clear=1 unknown=0 path=clear"])
        #expect(Harness.finding(result, "tls.path_unknown") != nil)
    }
}
