import Foundation
import Testing

/// The built `tlsguard trace` on a chain sender webmail → sender's outbound server →
/// filtering service → our server, where the first hop between mail servers recorded no
/// TLS. Whether that silence means "clear" depends on knowing that the filtering service
/// records TLS whenever it is used.
@Suite struct TraceCommandTests {
    static let fixtures = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures")
    static let webmailChain = fixtures.appendingPathComponent(
        "tlsint/webmail-filtering-service.eml"
    ).path
    static let filterSignatures = fixtures.appendingPathComponent(
        "tlsint/filtering-service.signatures"
    ).path
    /// The same path with a filtering service that runs Postfix, a built-in signature.
    static let postfixFilterChain = fixtures.appendingPathComponent(
        "received/messages/webmail-filter-clear.eml"
    ).path

    static let clearConclusion =
        "Conclusion: 3 internet hops: 2 encrypted, 1 in clear (hop 3, mail.sender.example → "
        + "filter.example.net: FilterGate filtering service records TLS whenever it is used "
        + "and recorded none); hop 4 into our organisation used TLSv1.3, so the message "
        + "crossed the internet in clear text."

    private func trace(_ arguments: [String], input: Data? = nil) throws -> (
        status: Int32, output: String
    ) {
        try runCommand(TestEnvironment.executable("tlsguard"), ["trace"] + arguments, input: input)
    }

    private func rows(_ output: String) -> [String] {
        output.components(separatedBy: "\n").filter { $0.first?.isNumber == true }
    }

    @Test func filteringServiceSignatureMakesHopClear() throws {
        let result = try trace(["--signatures", Self.filterSignatures, Self.webmailChain])
        #expect(result.status == 0, "\(result.output)")

        let rows = rows(result.output)
        #expect(rows.count == 4, "\(result.output)")
        let filterHop = rows.count == 4 ? rows[2] : ""
        #expect(filterHop.hasPrefix("3    mail.sender.example [203.0.113.20] → filter.example.net"))
        #expect(filterHop.contains(" clear "), "\(filterHop)")
        #expect(filterHop.contains(" internet "), "\(filterHop)")
        #expect(
            result.output.contains(
                "  hop 3: FilterGate filtering service records TLS whenever it is used and "
                    + "recorded none. Crosses the internet."))
        #expect(result.output.hasSuffix(Self.clearConclusion + "\n"), "\(result.output)")
    }

    @Test func unknownFilterLeavesHopUnknown() throws {
        let result = try trace([Self.webmailChain])
        #expect(result.status == 0, "\(result.output)")

        let filterHop = rows(result.output).dropFirst(2).first ?? ""
        #expect(filterHop.contains(" unknown "), "\(filterHop)")
        #expect(filterHop.contains(" internet "), "\(filterHop)")
        #expect(
            result.output.contains(
                "Conclusion: 3 internet hops: 2 encrypted, 1 unknown (hop 3, mail.sender.example "
                    + "→ filter.example.net: the writer is not known to record TLS, and 'with "
                    + "ESMTP' states nothing about it)"), "\(result.output)")
        #expect(result.output.hasSuffix("so encryption on every internet hop is not proven.\n"))
    }

    @Test func jsonNamesClearHopAndWriter() throws {
        let result = try trace(["--json", "--signatures", Self.filterSignatures, Self.webmailChain])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let hops = try #require(object["hops"] as? [[String: Any]])
        try #require(hops.count == 4)

        let expected: [(host: String, ip: String, by: String, tls: String, internal: Bool)] = [
            ("[198.51.100.77]", "198.51.100.77", "webmail.sender.example", "yes", false),
            ("webmail.sender.example", "10.1.1.5", "mail.sender.example", "no", true),
            ("mail.sender.example", "203.0.113.20", "filter.example.net", "no", false),
            ("filter.example.net", "198.51.100.60", "mx.example.org", "yes", false),
        ]
        for (hop, want) in zip(hops, expected) {
            #expect(hop["from_host"] as? String == want.host, "\(hop)")
            #expect(hop["from_ip"] as? String == want.ip, "\(hop)")
            #expect(hop["by_host"] as? String == want.by, "\(hop)")
            #expect(hop["tls"] as? String == want.tls, "\(hop)")
            #expect(hop["internal"] as? Bool == want.internal, "\(hop)")
        }
        #expect(hops[2]["protocol"] as? String == "ESMTP")
        #expect(hops[2]["written_by"] as? String == "sender")
        #expect(hops[2]["writer"] as? String == "FilterGate filtering service")
        #expect(hops[3]["written_by"] as? String == "ours")
        #expect(hops[3]["tls_version"] as? String == "TLSv1.3")
        #expect(hops[3]["cipher"] as? String == "TLS_AES_256_GCM_SHA384")
        #expect(hops[3]["bits"] as? Int == 256)
        #expect(
            object["conclusion"] as? String
                == String(Self.clearConclusion.dropFirst("Conclusion: ".count)))
    }

    @Test func postfixFilterNeedsNoSignatureFile() throws {
        let result = try trace([Self.postfixFilterChain])
        #expect(result.status == 0, "\(result.output)")
        #expect(
            result.output.contains(
                "Conclusion: 3 internet hops: 2 encrypted, 1 in clear (hop 3, mail.sender.example "
                    + "→ filter.example.net: Postfix records TLS whenever it is used and recorded "
                    + "none)"), "\(result.output)")
    }

    @Test func filterLineStatingTLSIsEncrypted() throws {
        let value =
            "from mail.sender.example (mail.sender.example [203.0.113.20]) by "
            + "filter.example.net (FilterGate 5.2) with ESMTPS id fg-7F3E2D1C; "
            + "Tue, 03 Mar 2026 10:15:07 +0000\n"
        let result = try trace(
            ["--value", "--json", "--signatures", Self.filterSignatures, "-"],
            input: Data(value.utf8))
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let hop = try #require((object["hops"] as? [[String: Any]])?.first)
        #expect(hop["tls"] as? String == "yes", "\(hop)")
    }

    @Test func missingFileExits66() throws {
        let result = try trace(["/nonexistent/message.eml"])
        #expect(result.status == 66)
        #expect(result.output.contains("cannot read /nonexistent/message.eml"))
    }
    @Test func chainPastParserHeaderLimitIsReadWhole() throws {
        var lines: [String] = []
        for index in 1...7_500 {
            let address = "10.0.\(index / 256).\(index % 256)"
            lines.append(
                "Received: from relay\(index).example.org (relay\(index).example.org "
                    + "[\(address)]) by relay\(index - 1).example.org (Postfix) with ESMTPS "
                    + "id X\(index); Tue, 3 Mar 2026 10:00:00 +0000")
        }
        lines.append(
            "Received: from mail.sender.example (mail.sender.example [203.0.113.20]) by "
                + "relay7500.example.org (Postfix) with ESMTP id ZZ; Tue, 3 Mar 2026 09:59:00 "
                + "+0000")
        let message = lines.joined(separator: "\n") + "\nSubject: x\n\nbody\n"
        try #require(message.utf8.count > 1 << 20)

        let result = try trace(["-"], input: Data(message.utf8))
        #expect(result.status == 0)
        #expect(result.output.contains("hop 1, mail.sender.example → relay7500.example.org"))
        #expect(result.output.contains("crossed the internet in clear text"))
    }
}
