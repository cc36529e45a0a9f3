import Mail
import Testing

@Suite struct ReceivedParserTests {
    private func parse(_ text: String) -> ReceivedHeader {
        ReceivedParser.parse(Array(text.utf8))
    }

    // MARK: - Clauses

    @Test func foldInsideWithPhraseIsJoined() {
        let header = parse(
            "from a.example (192.0.2.1) by b.example (10.0.0.1) with Microsoft SMTP\r\n"
                + " Server (TLS) id 15.1.2.3; Tue, 4 Mar 2025 10:12:44 -0500")
        #expect(header.protocolName == "Microsoft SMTP Server")
        #expect(header.tls?.evidence == ["(TLS)"])
        #expect(header.id == "15.1.2.3")
    }

    @Test func lfOnlyFoldingIsUnfolded() {
        let header = parse(
            "from a.example ([192.0.2.1])\n\tby b.example with ESMTPS\n\tid X;\n\t"
                + "Tue, 4 Mar 2025 10:12:44 -0500")
        #expect(header.by?.host == "b.example")
        #expect(header.date?.description == "2025-03-04T15:12:44Z")
    }

    @Test func clausesInAnyOrder() {
        let header = parse(
            "by mx.example.net with ESMTP id 7 for <a@example.net> from c.example.org "
                + "(c.example.org [198.51.100.4]); Tue, 4 Mar 2025 10:12:44 +0000")
        #expect(header.from?.host == "c.example.org")
        #expect(header.from?.address?.description == "198.51.100.4")
        #expect(header.recipient == "a@example.net")
        #expect(header.protocolName == "ESMTP")
    }

    @Test func idThatLooksLikeAnAddressIsNoAddress() {
        let header = parse(
            "from EXMBX07.corp.example.com ([fe80::1c2d:3e4f:5a6b:7c8d]) by\r\n"
                + " EXMBX07.corp.example.com ([fe80::1c2d:3e4f:5a6b:7c8d%12]) with mapi id\r\n"
                + " 15.02.1258.012; Tue, 3 Mar 2026 10:15:02 +0000")
        #expect(header.from?.address?.description == "fe80::1c2d:3e4f:5a6b:7c8d")
        #expect(header.by?.address?.description == "fe80::1c2d:3e4f:5a6b:7c8d")
        #expect(header.id == "15.02.1258.012")
        #expect(header.protocolName == "mapi")
    }

    @Test func postfixPickupIsLocalSubmission() {
        let header = parse(
            "by web3.example.org (Postfix, from userid 33)\r\n\tid 8A351F9FAB; "
                + "Sun,  2 Nov 2025 10:00:01 +0100 (CET)")
        #expect(header.from == nil)
        #expect(header.origin == .localSubmission("Postfix, from userid 33"))
        #expect(header.problems.isEmpty)
    }

    @Test(arguments: [
        ("(qmail 9832 invoked by uid 1001); 30 Sep 2025 05:20:23 -0000", "local"),
        ("(qmail 41207 invoked from network); 5 Nov 2025 17:28:37 -0000", "marker"),
        (
            "(from alice@localhost)\r\n\tby host.example (8.15.2/8.15.2/Submit) id x; "
                + "Tue, 4 Mar 2025 10:12:44 -0500", "local"
        ),
        (
            "from alice by host.example with local (Exim 4.96) id 1; "
                + "Tue, 4 Mar 2025 10:12:44 -0500",
            "local"
        ),
        (
            "from mx.university.example ([unix socket])\r\n\t by store.example (Cyrus) with LMTPA;"
                + " Fri, 14 Feb 2025 03:02:14 -0500", "unix"
        ),
        (
            "from a.example ([192.0.2.1]) by b.example with SMTP; Fri, 14 Feb 2025 03:02:14 -0500",
            "network"
        ),
    ])
    func originIsRead(_ value: String, _ expected: String) {
        let origin: String
        switch parse(value).origin {
        case .network: origin = "network"
        case .localSubmission: origin = "local"
        case .unixSocket: origin = "unix"
        case .marker: origin = "marker"
        }
        #expect(origin == expected)
    }

    @Test func eximEnvelopeSenderAndHelo() {
        let header = parse(
            "from [192.0.2.66] (port=50211 helo=ws17)\r\n\tby smtp.example.com with esmtpsa  "
                + "(TLS1.3) tls TLS_AES_256_GCM_SHA384\r\n\t(Exim 4.97)\r\n\t(envelope-from "
                + "<bob@example.com>)\r\n\tid 1vXyZa-0003Qk-2B\r\n\tfor carol@example.org; "
                + "Tue, 03 Mar 2026 10:15:03 +0000")
        #expect(header.from?.helo == "ws17")
        #expect(header.from?.port == 50211)
        #expect(header.from?.address?.description == "192.0.2.66")
        #expect(header.envelopeSender == "bob@example.com")
        #expect(header.protocolName == "ESMTPSA")
        #expect(header.isAuthenticated)
        #expect(header.tls?.version == .tlsv1_3)
        #expect(header.tls?.cipher == "TLS_AES_256_GCM_SHA384")
    }

    @Test func literalWithPortKeepsLiteralAsHost() {
        let header = parse(
            "from [192.0.2.7]:587 by b.example with ESMTPSA; Tue, 4 Mar 2025 10:12:44 -0500")
        #expect(header.from?.host == "[192.0.2.7]")
        #expect(header.from?.port == 587)
        #expect(header.from?.address?.description == "192.0.2.7")
    }

    @Test func zimbraLhloCommentIsHelo() {
        let header = parse(
            "from zimbra.example.com (LHLO zimbra.example.com) (192.0.2.5) by "
                + "zimbra.example.com with LMTP; Tue, 4 Mar 2025 10:12:44 -0500")
        #expect(header.from?.helo == "zimbra.example.com")
        #expect(header.from?.address?.description == "192.0.2.5")
        #expect(header.protocolName == "LMTP")
    }

    @Test func postfixNamesAreAssigned() {
        let header = parse(
            "from helo.example.org (rdns.example.org [192.0.2.41])\r\n\t(Authenticated sender: "
                + "ann)\r\n\tby mx.example.net (Postfix) with ESMTPSA id 4r2; "
                + "Tue, 14 Oct 2025 09:12:44 +0000")
        #expect(header.from?.helo == "helo.example.org")
        #expect(header.from?.reverseName == "rdns.example.org")
        #expect(header.isAuthenticated)
    }

    // MARK: - TLS facts

    @Test(
        arguments: [
            (
                "with ESMTPS id 1 (version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 "
                    + "verify=NO)",
                "any", "DHE-RSA-AES256-SHA", 256, "NO"
            ),
            (
                "with esmtps (TLS1.0:RSA_AES_256_CBC_SHA1:32) (Exim 4.72) id 1", "TLSv1.0",
                "RSA_AES_256_CBC_SHA1", 256, nil
            ),
            (
                "(using TLSv1 with cipher DHE-RSA-AES256-SHA (256/256 bits)) with ESMTP id 1",
                "TLSv1.0", "DHE-RSA-AES256-SHA", 256, nil
            ),
            ("with (DHE-RSA-AES256-SHA encrypted) SMTP", nil, "DHE-RSA-AES256-SHA", nil, nil),
            (
                "with ESMTP/TLS/DHE-RSA-AES256-GCM-SHA384", nil, "DHE-RSA-AES256-GCM-SHA384", nil,
                nil
            ),
            ("over TLS secured channel with Microsoft SMTPSVC(7.5.7601.17514)", nil, nil, nil, nil),
            (
                "with ESMTP with STARTTLS (version=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384) id 1",
                "TLSv1.3", "TLS_AES_256_GCM_SHA384", nil, nil
            ),
            (
                "with UTF8SMTPS id a1 (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128)",
                "TLSv1.3", "TLS_AES_128_GCM_SHA256", 128, nil
            ),
            (
                "(AUTH: LOGIN a@example.net, TLS: TLSv1/SSLv3,256bits,AES256-SHA) with ESMTPSA",
                "any", "AES256-SHA", 256, nil
            ),
            ("with SMTPS id 1", nil, nil, nil, nil),
        ] as [(String, String?, String?, Int?, String?)])
    func tlsFactsAreRead(
        _ middle: String, _ version: String?, _ cipher: String?, _ bits: Int?,
        _ verification: String?
    ) {
        let header = parse(
            "from a.example (a.example [192.0.2.1]) by b.example " + middle
                + "; Tue, 4 Mar 2025 10:12:44 -0500")
        #expect(header.tls != nil)
        #expect(header.tls?.version?.rawValue == version)
        #expect(header.tls?.cipher == cipher)
        #expect(header.tls?.bits == bits)
        #expect(header.tls?.verification == verification)
    }

    @Test(arguments: [
        "from a.example (a.example [192.0.2.1]) (authenticated bits=0) by b.example "
            + "(8.15.2/8.15.2) with ESMTP id 1; Tue, 4 Mar 2025 10:12:44 -0500",
        "from a.example ([192.0.2.1]) by b.example with esmtp (Exim 4.96) id 1; "
            + "Tue, 4 Mar 2025 10:12:44 -0500",
        "from a.example (a.example [192.0.2.1]) by b.example (Postfix) with ESMTP id 1; "
            + "Tue, 4 Mar 2025 10:12:44 -0500",
        "from a.example ([192.0.2.1]) by b.example with SMTP (using TLSv9.9 with cipher X); "
            + "Tue, 4 Mar 2025 10:12:44 -0500",
    ])
    func noTLSStatedWithoutEvidence(_ value: String) {
        #expect(parse(value).tls == nil)
    }

    @Test func googleTransportSecurityAfterDate() {
        let header = parse(
            "from m.example (m.example. [192.0.2.9]) by mx.google.example with SMTPS id x; "
                + "Mon, 1 Jan 2024 00:00:00 -0800 (PST) (Google Transport Security)")
        #expect(header.tls?.evidence.contains("(Google Transport Security)") == true)
        #expect(header.date?.description == "2024-01-01T08:00:00Z")
    }

    @Test func postfixClientCertificateVerification() {
        let header = parse(
            "from a.example (a.example [192.0.2.41])\r\n\t(using TLSv1.3 with cipher "
                + "TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n\t(Client CN \"a.example\", Issuer "
                + "\"CA\" (verified OK))\r\n\tby mx.example.net (Postfix) with ESMTPS id 4; "
                + "Tue, 14 Oct 2025 09:12:44 +0000")
        #expect(header.tls?.verification == "verified OK")
    }

    // MARK: - Hostile input

    @Test func unbalancedParenthesesDoNotCrash() {
        let value =
            "from (null) ([192.0.2.66]) by " + String(repeating: "(", count: 40)
            + "\r\n\twith (null) id ; ;;; (using TLSv9.9 with cipher (null"
        let header = parse(value)
        #expect(header.from?.address?.description == "192.0.2.66")
        #expect(header.from?.host == nil)
        #expect(header.by?.host == nil)
        #expect(header.tls == nil)
        #expect(header.date == nil)
        #expect(!header.problems.isEmpty)
    }

    @Test func deeplyNestedCommentsDoNotRecurse() {
        let depth = 100_000
        let value =
            "from a.example " + String(repeating: "(", count: depth)
            + String(repeating: ")", count: depth) + " by b.example with SMTP; "
            + "Tue, 4 Mar 2025 10:12:44 -0500"
        let header = parse(value)
        #expect(header.problems.contains { $0.contains("longer than") })
        #expect(header.from?.host == "a.example")
    }

    @Test func manyWordsWithoutSemicolonStayLinear() {
        let words = Array(repeating: "Mon", count: 4_000).joined(separator: " ")
        let header = parse("from a.example by b.example with ESMTP " + words)
        #expect(header.by?.host == "b.example")
        #expect(header.date == nil)
    }

    @Test func manyTLSCommentsKeepFewEvidenceTexts() {
        let comments = (0..<3_000).map { "(TLS1.\($0 % 4))" }.joined(separator: " ")
        let header = parse("from a.example by b.example with ESMTP " + comments + "; Mon")
        #expect(header.tls?.version == .tlsv1_0)
        #expect((header.tls?.evidence.count ?? 0) <= 8)
    }

    @Test func hugeValueIsTruncated() {
        var bytes = Array("from a.example ([192.0.2.1]) by b.example with ESMTPS id ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 2_000_000)
        let header = ReceivedParser.parse(bytes)
        #expect(header.by?.host == "b.example")
        #expect(header.tls != nil)
        #expect(header.problems.contains { $0.contains("longer than") })
    }

    @Test func nonASCIIBytesAreKept() {
        var bytes = Array("from h\u{00E9}te.example ([192.0.2.1]) (".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x80]
        bytes += Array(") by b\u{00FC}cher.example with ESMTP; Tue, 4 Mar 2025 10:12:44 -0500".utf8)
        let header = ReceivedParser.parse(bytes)
        #expect(header.from?.host == "h\u{00E9}te.example")
        #expect(header.by?.host == "b\u{00FC}cher.example")
        #expect(header.protocolName == "ESMTP")
        #expect(header.date != nil)
    }

    @Test func invalidBytesAreNoHost() {
        var bytes = Array("from a.example ([192.0.2.1]) by ".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x80]
        bytes += Array(" with ESMTP; Tue, 4 Mar 2025 10:12:44 -0500".utf8)
        let header = ReceivedParser.parse(bytes)
        #expect(header.by?.host == nil)
        #expect(header.problems == ["by clause without a host"])
    }

    @Test(arguments: ["", " ", ";", "()", "(", ")", "[", "<", "by", "from", "with", "\r\n\t"])
    func degenerateValuesDoNotCrash(_ value: String) {
        let header = parse(value)
        #expect(header.tls == nil)
    }

    // MARK: - Corpus failure cases

    @Test func outlookAddressFormsAreNormalised() {
        let values = ReceivedFixtures.receivedValues(
            ofMessage: "messages/outlook-address-forms.eml")
        let addresses = values.map { ReceivedParser.parse($0).from?.address?.description }
        #expect(
            addresses == [
                "2001:db8:1::25", "192.0.2.99", "192.0.2.98", "fe80::a1b2:c3d4:e5f6:1234",
            ])
        let tls = values.map { ReceivedParser.parse($0).tls?.version?.rawValue }
        #expect(tls == ["TLSv1.3", "TLSv1.2", "TLSv1.2", nil])
    }

    @Test func brokenDatesStayPerHop() {
        let values = ReceivedFixtures.receivedValues(ofMessage: "messages/broken-dates.eml")
        let headers = values.map(ReceivedParser.parse)
        #expect(headers.count == 6)
        let dates = headers.map { $0.date?.description }
        #expect(
            dates == [
                "2026-03-03T10:15:09Z", "2026-03-03T10:15:08Z", "2026-03-03T10:15:07Z",
                "2026-03-03T10:15:06Z", "2026-03-03T10:15:05Z", "2026-03-03T08:15:04Z",
            ])
        #expect(headers[0].recipient == "multiple recipients")
        #expect(headers[0].tls?.version == .tlsv1_3)
        #expect(headers[1].id == "rq7-5521-0FA3C2-9")
        #expect(headers[2].id == "Qm7TxLw2Za9p")
        #expect(headers[2].protocolName == "ESMTP")
        #expect(headers[5].protocolName == "HTTP")
        #expect(headers[5].by?.host == "192.0.2.14")
    }

    @Test func exchangeFormsAreRead() {
        let headers = ReceivedFixtures.receivedValues(ofMessage: "messages/exchange-formats.eml")
            .map(ReceivedParser.parse)
        #expect(headers.count == 5)
        #expect(headers[1].tls?.version == .tlsv1_2)
        #expect(headers[2].tls?.evidence == ["(TLS)"])
        #expect(headers[3].tls?.evidence == ["over TLS secured channel"])
        #expect(headers[3].protocolName == "Microsoft SMTPSVC")
        #expect(headers[4].protocolName == "mapi")
        #expect(headers[4].tls == nil)
        #expect(headers.allSatisfy { $0.date != nil })
    }
}
