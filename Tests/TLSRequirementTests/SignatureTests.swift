import Foundation
import Mail
import TLSRequirement
import Testing

@Suite struct SignatureTests {
    private func header(_ value: String) -> ReceivedHeader {
        ReceivedParser.parse(Array(value.utf8))
    }

    private let qmailLine =
        "from unknown (HELO web5.example.com) (10.0.5.15) by relay.example.com with SMTP; "
        + "14 Feb 2025 08:02:11 -0000"

    @Test func builtInSignaturesLoad() {
        let names = Set(SignatureSet.builtIn.signatures.map(\.name))
        #expect(names.contains("Postfix"))
        #expect(names.contains("sendmail"))
        #expect(names.contains("Microsoft Exchange"))
        #expect(SignatureSet.builtIn.signatures.allSatisfy { $0.source.hasPrefix("built-in") })
    }

    @Test(
        arguments: [
            (
                "by mx.example.org (Postfix) with ESMTP id 1; Tue, 4 Mar 2025 10:12:44 -0500",
                "Postfix"
            ),
            (
                "by mx.example.org (8.14.4/8.14.4) with ESMTP id 1; Tue, 4 Mar 2025 10:12:44 -0500",
                "sendmail"
            ),
            (
                "by mx.example.org with esmtp (Exim 4.96) id 1; Tue, 4 Mar 2025 10:12:44 -0500",
                "Exim"
            ),
            ("by mx.example.org with esmtp id 1; Tue, 4 Mar 2025 10:12:44 -0500", "Exim"),
            (
                "by mx.example.org with SMTP (SimpleEmailService-d-1) id 1; "
                    + "Tue, 4 Mar 2025 10:12:44 -0500",
                "Amazon SES"
            ),
            ("by mx.example.org with SMTP id 1; Tue, 4 Mar 2025 10:12:44 -0500", nil),
        ] as [(String, String?)])
    func builtInSignatureMatches(_ value: String, _ expected: String?) {
        #expect(SignatureSet.builtIn.match(header(value))?.name == expected)
    }

    @Test func misleadingWriterIsUnknownWithReason() {
        let line =
            "from [198.51.100.1] by email-smtp.example.net with SMTP (SimpleEmailService-d-1) "
            + "id 1; Tue, 4 Mar 2025 10:12:44 -0500"
        let result = HopClassifier().classify(header(line))
        #expect(result.tls == .unknown)
        #expect(result.reason.contains("even where TLS is required"))
    }

    @Test func administratorFileOverridesBuiltIn() throws {
        let path = NSTemporaryDirectory() + "tlsguard-signatures-\(getpid()).conf"
        let text = """
            # our own smarthost always records TLS
            records name="our smarthost" by-host="relay.example.com" protocol=SMTP
            silent  name="quiet Postfix" by-comment="Postfix" id="Q*"  # comment
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let classifier = HopClassifier(signatures: try SignatureSet.loading(files: [path]))
        let qmail = classifier.classify(header(qmailLine))
        #expect(qmail.tls == .no)
        #expect(qmail.writer == "our smarthost")
        let quiet = classifier.classify(
            header("by mx.example.org (Postfix) with ESMTP id Q1; Tue, 4 Mar 2025 10:12:44 -0500"))
        #expect(quiet.tls == .unknown)
        #expect(HopClassifier().classify(header(qmailLine)).tls == .unknown)
    }

    @Test(arguments: [
        ("sometimes name=\"x\" protocol=SMTP", "unknown meaning 'sometimes'"),
        ("records protocol=SMTP", "needs name="),
        ("records name=\"x\"", "needs name="),
        ("records name=\"x\" colour=blue", "unknown field 'colour'"),
        ("records name=\"x\" protocol", "is not FIELD=PATTERN"),
        ("records name=\"x protocol=SMTP", "not closed"),
    ])
    func invalidLinesNameTheLine(_ line: String, _ message: String) {
        do {
            _ = try SignatureFile.parse("# first\n" + line, source: "admin.conf")
            Issue.record("no error for \(line)")
        } catch {
            #expect(error.description.hasPrefix("admin.conf:2: invalid signature: "))
            #expect(error.description.contains(message))
        }
    }

    @Test func missingFileIsReported() {
        do {
            _ = try SignatureSet.loading(files: ["/nonexistent/tlsguard.conf"])
            Issue.record("no error for a missing file")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/tlsguard.conf: cannot read"))
        }
    }
}
