import Foundation
import Testing

/// Failures of other TLS-path checkers, replayed through the built `tlsguard replay`, so
/// that the Received parser, the TLS requirement plugin, the engine and the replay output
/// (`hops`, `hops_summary`) are checked together.
@Suite struct ReplayTLSPathTests {
    static let fixtures = TestEnvironment.packageRoot.appendingPathComponent(
        "Tests/Fixtures/tlsint")

    /// The replay JSON line of one message.
    struct Replayed {
        let object: [String: Any]

        var hops: [[String: Any]] { object["hops"] as? [[String: Any]] ?? [] }
        var summary: [String: Any] { object["hops_summary"] as? [String: Any] ?? [:] }
        var conclusion: String { summary["conclusion"] as? String ?? "" }

        /// Returns the hop of the Received field at `index` among the fields the rules saw,
        /// 0 for the topmost. Replay hides the field it took the connection from.
        func received(_ index: Int) -> [String: Any] {
            hops.first { $0["index"] as? Int == index } ?? [:]
        }

        /// The hop of the connection to our MTA.
        var connection: [String: Any] {
            hops.first { $0["source"] as? String == "connection" } ?? [:]
        }

        var findingRules: [String] {
            (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        }

        func headerAdded(_ name: String) -> String? {
            let pairs = object["headers_added"] as? [[Any]] ?? []
            return pairs.first { $0.first as? String == name }?.last as? String
        }
    }

    /// Replays `file` (or `message` from standard input) with the TLS requirement plugin and
    /// `configuration` added to its configuration.
    private func replay(
        _ file: String? = nil, message: [UInt8]? = nil, configuration: String = "",
        arguments: [String] = []
    ) throws -> Replayed {
        let directory = try TestEnvironment.makeTemporaryDirectory("replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tlsguard.conf").path
        try ("plugins = tls_requirement\naudit_log =\n" + configuration).write(
            toFile: config, atomically: true, encoding: .utf8)

        let input = file.map { Self.fixtures.appendingPathComponent($0).path } ?? "-"
        let result = try runCommand(
            TestEnvironment.executable("tlsguard"),
            ["replay", "--config", config, "--json", "--no-summary"] + arguments + [input],
            input: message.map { Data($0) })
        try #require(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").first)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return Replayed(object: object)
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    // MARK: - Formats that other checkers misread

    @Test func exchangeFormatsEachClassified() throws {
        let replayed = try replay("exchange-hops-folded.eml")

        let mapi = replayed.received(3)
        #expect(mapi["protocol"] as? String == "mapi")
        #expect(mapi["tls"] as? String == "no")
        #expect(mapi["kind"] as? String == "local")
        #expect(mapi["internal"] as? Bool == true)

        let smtpsvc = replayed.received(2)
        #expect(smtpsvc["protocol"] as? String == "Microsoft SMTPSVC")
        #expect(smtpsvc["tls"] as? String == "yes")
        #expect(smtpsvc["from_ip"] as? String == "192.0.2.44")

        let mailbox = replayed.received(1)
        #expect(mailbox["tls"] as? String == "yes")
        #expect(mailbox["reason"] as? String == "the line states TLS: (TLS)")
        #expect(mailbox["from_ip"] as? String == "192.0.2.43")

        // The cipher sits on the line after the fold; the build number after "id" is no
        // address.
        let hub = replayed.received(0)
        #expect(hub["tls_version"] as? String == "TLSv1.2")
        #expect(hub["cipher"] as? String == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        #expect(hub["from_ip"] as? String == "192.0.2.41")
        #expect(hub["by_host"] as? String == "EXEDGE02.corp.example.com")
        let addresses = replayed.hops.compactMap { $0["from_ip"] as? String }
        #expect(!addresses.contains { $0.hasPrefix("15.") }, "\(addresses)")

        #expect(replayed.summary["verdict"] as? String == "encrypted")
        #expect(replayed.summary["clear"] as? Int == 0)
    }

    @Test func eximAndUTF8KeywordsAreTLS() throws {
        let replayed = try replay("exim-esmtpsa-and-utf8smtps.eml")

        let utf8 = replayed.received(0)
        #expect(utf8["protocol"] as? String == "UTF8SMTPS")
        #expect(utf8["tls"] as? String == "yes")
        #expect(utf8["tls_version"] as? String == "TLSv1.3")
        #expect(utf8["cipher"] as? String == "TLS_AES_128_GCM_SHA256")
        #expect(utf8["bits"] as? Int == 128)

        // The topmost line, Exim's "esmtpsa (TLS1.3) tls ...", becomes the connection.
        #expect(replayed.connection["tls_version"] as? String == "TLSv1.3")
        #expect(replayed.connection["cipher"] as? String == "TLS_AES_256_GCM_SHA384")
        #expect(
            replayed.headerAdded("X-TLSGuard-TLS")
                == "version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384")
        #expect(replayed.summary["verdict"] as? String == "encrypted")
    }

    @Test func finalLMTPHopIsNotClearText() throws {
        let lmtp = Array(
            ("Received: from smtp.example.com (localhost [127.0.0.1])\r\n"
                + "\tby mailbox.example.com (Dovecot) with LMTP id 8DkZKx3nb2b\r\n"
                + "\tfor <carol@example.org>; Tue, 03 Mar 2026 10:15:04 +0000\r\n").utf8)
        let message = lmtp + (try fixture("exim-esmtpsa-and-utf8smtps.eml"))
        let replayed = try replay(message: message)

        // The LMTP line is the newest, so replay takes it as the connection: loopback and
        // internal, not an internet hop in clear text.
        #expect(replayed.connection["kind"] as? String == "loopback")
        #expect(replayed.connection["internal"] as? Bool == true)
        let exim = replayed.received(0)
        #expect(exim["protocol"] as? String == "ESMTPSA")
        #expect(exim["tls"] as? String == "yes")
        #expect(exim["tls_version"] as? String == "TLSv1.3")
        #expect(exim["trust"] as? String == "boundary")
        #expect(replayed.summary["clear"] as? Int == 0)
        #expect(replayed.summary["verdict"] as? String == "encrypted")
        #expect(
            replayed.headerAdded("X-TLSGuard-Hops")
                == "internet=1 encrypted=1 clear=0 unknown=0 path=encrypted")
    }

    @Test func addressFormsNormalised() throws {
        let replayed = try replay("ipv6-zone-and-mapped-addresses.eml")

        #expect(replayed.connection["from_ip"] as? String == "2001:db8:1::25")
        #expect(replayed.connection["tls_version"] as? String == "TLSv1.3")
        #expect(replayed.connection["bits"] as? Int == 256)

        let mapped = replayed.received(0)
        #expect(mapped["from_ip"] as? String == "192.0.2.99")
        #expect(mapped["tls_version"] as? String == "TLSv1.2")
        #expect(mapped["cipher"] as? String == "ECDHE-RSA-AES128-GCM-SHA256")
        #expect(mapped["bits"] as? Int == 128)

        let frontend = replayed.received(1)
        #expect(frontend["from_ip"] as? String == "192.0.2.98")
        #expect(frontend["tls_version"] as? String == "TLSv1.2")

        let zone = replayed.received(2)
        #expect(zone["from_ip"] as? String == "fe80::a1b2:c3d4:e5f6:1234")
        #expect(zone["protocol"] as? String == "mapi")
        #expect(replayed.hops.count == 4)
    }

    @Test func damagedLinesJudgedOneByOne() throws {
        let replayed = try replay("damaged-received-lines.eml")
        #expect(replayed.hops.count == 6)

        let dates = (0...4).map { replayed.received($0)["date"] as? String }
        #expect(
            dates == [
                "2026-03-03T10:15:08Z", "2026-03-03T10:15:07Z", "2026-03-03T10:15:06Z",
                "2026-03-03T10:15:05Z", "2026-03-03T08:15:04Z",
            ])
        #expect(replayed.received(0)["by_host"] as? String == "relay-q7.example.com")
        #expect(replayed.received(1)["from_ip"] as? String == "192.0.2.12")
        #expect(replayed.received(2)["from_ip"] as? String == "192.0.2.13")
        #expect(replayed.received(3)["kind"] as? String == "local")
        #expect(replayed.received(4)["protocol"] as? String == "HTTP")

        // The well-formed topmost line still gives the connection its TLS facts.
        #expect(replayed.connection["tls"] as? String == "yes")
        #expect(replayed.connection["tls_version"] as? String == "TLSv1.3")
        #expect(replayed.summary["verdict"] as? String == "unknown")
        #expect(replayed.findingRules.contains("tls.hop_unknown"))
    }

    // MARK: - Local hops above the hop into our organisation

    @Test func loopbackHopsSkippedBeforeExternalHop() throws {
        let replayed = try replay(
            "loopback-hops-above-tls12.eml", configuration: "tls_internal_domains = example.net\n")

        let boundary = replayed.received(1)
        #expect(boundary["trust"] as? String == "boundary")
        #expect(boundary["from_ip"] as? String == "192.0.2.66")
        #expect(boundary["tls_version"] as? String == "TLSv1.2")
        #expect(boundary["internal"] as? Bool == false)

        #expect(replayed.received(0)["kind"] as? String == "loopback")
        #expect(replayed.received(0)["internal"] as? Bool == true)
        #expect(replayed.connection["internal"] as? Bool == true)
        #expect(replayed.summary["external_boundary_index"] as? Int == 1)
        #expect(replayed.summary["boundary_tls"] as? String == "yes")
        #expect(replayed.summary["verdict"] as? String == "encrypted")
    }

    // MARK: - No Received lines

    @Test(arguments: [
        (["--no-tls"], "none", "path=clear", "clear"),
        (
            [
                "--tls-version", "TLSv1.3", "--cipher", "TLS_AES_256_GCM_SHA384", "--cipher-bits",
                "256",
            ],
            "version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256", "path=unknown", "unknown"
        ),
    ])
    func noReceivedLinesNeverProveThePath(
        _ tlsArguments: [String], _ tlsHeader: String, _ path: String, _ verdict: String
    ) throws {
        let replayed = try replay(
            "no-received-lines.eml", arguments: ["--client-addr", "192.0.2.66"] + tlsArguments)

        #expect(replayed.summary["received_headers"] as? Int == 0)
        #expect(replayed.summary["verdict"] as? String == verdict)
        #expect(replayed.headerAdded("X-TLSGuard-TLS") == tlsHeader)
        #expect(replayed.headerAdded("X-TLSGuard-Hops")?.hasSuffix(path) == true)
        #expect(replayed.findingRules.contains("tls.path_unknown"))
        #expect(!replayed.findingRules.contains("tls.path_encrypted"))
        #expect(replayed.conclusion.contains("the message has no Received lines"))
    }

    // MARK: - TLS terminated by a proxy in front of the MTA

    static let proxyConfiguration = """
        tls_proxy_networks = 192.0.2.20
        tls_proxy_header = X-Frontend-TLS

        """

    private func proxied(clientAddress: String, frontendHeader: Bool) throws -> Replayed {
        var message = try fixture("no-received-lines.eml")
        if frontendHeader {
            message = Array("X-Frontend-TLS: TLSv1.3\r\n".utf8) + message
        }
        return try replay(
            message: message, configuration: Self.proxyConfiguration,
            arguments: ["--client-addr", clientAddress, "--no-tls"])
    }

    @Test func proxyWithoutFactsIsUnknown() throws {
        let replayed = try proxied(clientAddress: "192.0.2.20", frontendHeader: false)
        #expect(replayed.connection["tls"] as? String == "unknown")
        #expect(replayed.headerAdded("X-TLSGuard-TLS") == "unknown")
        #expect(replayed.summary["clear"] as? Int == 0)
        #expect(replayed.summary["verdict"] as? String == "unknown")
    }

    @Test func proxyHeaderTrustedFromProxy() throws {
        let replayed = try proxied(clientAddress: "192.0.2.20", frontendHeader: true)
        #expect(replayed.connection["tls"] as? String == "yes")
        #expect(replayed.connection["tls_version"] as? String == "TLSv1.3")
        #expect(replayed.headerAdded("X-TLSGuard-TLS") == "version=TLSv1.3")
    }

    @Test func forgedProxyHeaderIgnoredAndRemoved() throws {
        let replayed = try proxied(clientAddress: "192.0.2.66", frontendHeader: true)
        #expect(replayed.connection["tls"] as? String == "no")
        #expect(replayed.headerAdded("X-TLSGuard-TLS") == "none")
        // A deletion is the field name with a null value.
        let changed = replayed.object["headers_changed"] as? [[Any]] ?? []
        let deleted = changed.contains {
            $0.first as? String == "X-Frontend-TLS" && $0.last is NSNull
        }
        #expect(deleted, "\(changed)")
    }
}
