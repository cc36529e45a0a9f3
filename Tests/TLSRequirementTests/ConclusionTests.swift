import Mail
import TLSRequirement
import Testing

/// The one-sentence conclusion and the trace table, for the fixtures as `tlsguard trace`
/// reads them: the topmost line written by the receiving organisation.
@Suite struct ConclusionTests {
    private func chain(_ path: String, domains: [String]? = nil) -> ReceivedChain {
        let headers = TLSFixtures.receivedHeaders(ofMessage: path)
        let derived = headers.first?.by?.host.flatMap(DomainName.registeredDomain(of:))
        let scope = OrganisationScope(domains: domains ?? derived.map { [$0] } ?? [])
        return ReceivedChainAnalyzer(organisation: scope).analyze(headers: headers)
    }

    @Test(arguments: [
        (
            "chains/mailing-list-mixed.txt",
            "3 internet hops: 2 encrypted, 1 in clear (hop 4, lists.example.net → "
                + "mx.example.org: Postfix records TLS whenever it is used and recorded none), "
                + "so the message crossed the internet in clear text."
        ),
        (
            "chains/postfix-amavis-dovecot-plaintext-boundary.txt",
            "1 internet hop: 1 in clear (hop 3, out1.example.org → mx.example.net: Postfix "
                + "records TLS whenever it is used and recorded none), so the message crossed "
                + "the internet in clear text."
        ),
        (
            "chains/gmail-to-o365.txt",
            "2 internet hops: 2 encrypted; hop 3 into our organisation used TLSv1.3; internal "
                + "hop not judged (hop 2, by mail-yw1-f170.google.example: the writer is not "
                + "known to record TLS, and 'with SMTP' states nothing about it), so every "
                + "internet hop was encrypted."
        ),
        (
            "chains/qmail-smarthost-old-sendmail.txt",
            "1 internet hop: 1 encrypted; hop 4 into our organisation was encrypted with an "
                + "unrecorded TLS version; internal hop not judged (hop 2, 10.0.5.15 → "
                + "relay.example.com: the writer is not known to record TLS, and 'with SMTP' "
                + "states nothing about it), so every internet hop was encrypted."
        ),
        (
            "messages/webmail-filter-clear.eml",
            "3 internet hops: 2 encrypted, 1 in clear (hop 3, mail.sender.example → "
                + "filter.example.net: Postfix records TLS whenever it is used and recorded "
                + "none); hop 4 into our organisation used TLSv1.3, so the message crossed the "
                + "internet in clear text."
        ),
        (
            "messages/no-received-lines.eml",
            "No internet hops; the message has no Received lines, so its path is unknown."
        ),
        (
            "messages/exchange-formats.eml",
            "No internet hops; the line of the hop into our organisation is missing below hop 5, "
                + "so the hop into our organisation cannot be judged."
        ),
    ])
    func conclusionNamesClearHopAndReason(_ path: String, _ expected: String) {
        #expect(chain(path).conclusion == expected)
    }

    @Test func verdictsFollowTheHops() {
        #expect(chain("chains/mailing-list-mixed.txt").summary.verdict == .clear)
        #expect(chain("chains/gmail-to-o365.txt").summary.verdict == .encrypted)
        #expect(chain("messages/no-received-lines.eml").summary.verdict == .unknown)
        #expect(chain("messages/exchange-formats.eml").summary.verdict == .unknown)
        #expect(chain("messages/broken-dates.eml").summary.verdict == .unknown)
    }

    @Test func tableHasOneRowPerHopOldestFirst() {
        let text = ChainTable.render(chain("chains/mailing-list-mixed.txt"))
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("hop  from → by") == true)
        let rows = lines.dropFirst().prefix(7)
        #expect(rows.map { $0.prefix(1) } == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(
            rows.first?.contains("dsl-203-0-113-30.example.net [203.0.113.30] → mail.example.com")
                == true)
        #expect(rows.first?.contains("2025-09-11 12:20:01") == true)
        #expect(
            lines[4].contains("clear") && lines[4].contains("internet")
                && lines[4].contains("ours (boundary)"))
        #expect(
            text.contains("  hop 4: Postfix records TLS whenever it is used and recorded none."))
        #expect(text.hasSuffix("so the message crossed the internet in clear text.\n"))
    }
}
