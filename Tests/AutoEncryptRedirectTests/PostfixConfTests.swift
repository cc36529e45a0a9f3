import Foundation
import Testing

@testable import AutoEncryptRedirect

/// The Postfix configuration in Conf/postfix, run in a private Postfix instance: copies
/// handed to the reinjection listener by the plugin's client with a routing header go
/// out through the enforce transports, over TLS or not at all.
@Suite(.enabled(if: OutboundServers.toolsAvailable, "needs postfix, smtp-sink, openssl, python3"))
struct PostfixConfTests {
    static let listen = TestNetwork.address(41) + ":10026"
    /// The inbound smtpd of the instance, which runs the stand-in milter.
    static let inbound = TestNetwork.address(41) + ":2526"
    /// pymilter for the stand-in milter (Debian package python3-milter).
    static let milterAvailable =
        TestProcess.available(["/usr/bin/python3"])
        && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/Milter")

    static let sender: Result<String, TestEnvironmentError> = {
        do {
            let servers = try OutboundServers.get()
            let directory = try TestProcess.temporaryDirectory("sender") + "/postfix"
            let hosts = directory + ".hosts"
            try """
            127.0.0.1 localhost
            \(servers.tlsAddress) tls.example
            \(servers.noTLSAddress) notls.example
            \(servers.expiredAddress) expired.example

            """.write(toFile: hosts, atomically: true, encoding: .utf8)
            let conf = URL(fileURLWithPath: TestProcess.fixtures)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Conf/postfix").path
            let milter = directory + ".milter"
            if PostfixConfTests.milterAvailable {
                _ = try TestProcess.startServer([
                    "/usr/bin/python3", TestProcess.fixtures + "/route_milter.py", milter,
                ])
            }
            try OutboundServers.check(
                TestProcess.run([
                    "bash", TestProcess.fixtures + "/sender_mta.sh", "start", directory, conf,
                    servers.certificates + "/ca.pem", listen, hosts, milter,
                ]))
            TestProcess.watch(cleanup: "postfix -c \(directory) stop")
            return .success(directory)
        } catch {
            return .failure(TestEnvironmentError("sender Postfix did not start: \(error)"))
        }
    }()

    /// The sender's log lines about one message: its status line, and the TLS line of
    /// the same delivery process when there was one.
    struct Delivery {
        var status: String
        var tls: String?
    }

    /// Sends a message with `route` (or none) to `recipient` and returns how the sender
    /// delivered it. Through the reinjection listener the route is in the message, as in
    /// a copy; through the inbound smtpd (`viaMilter`) the milter adds it.
    func deliver(route: String?, to recipient: String, marker: String, viaMilter: Bool = false)
        throws -> Delivery
    {
        let directory = try PostfixConfTests.sender.get()
        var message =
            "From: sender@clinic.example\r\nTo: \(recipient)\r\nSubject: \(marker)\r\n"
            + "Message-ID: <\(marker)@clinic.example>\r\n"
        if let route {
            message += (viaMilter ? "X-Test-Route: " : "X-TLSGuard-Route: ") + route + "\r\n"
        }
        message += "\r\nPatient lab values.\r\n"
        let client = try ReinjectionClient(
            address: viaMilter ? PostfixConfTests.inbound : PostfixConfTests.listen,
            heloName: "tlsguard.test", timeout: .seconds(10))
        try client.send(
            Array(message.utf8), sender: "sender@clinic.example", recipients: [recipient])
        let queueID = try waitForQueueID(marker: marker, directory: directory)
        return try waitForDelivery(queueID: queueID, directory: directory)
    }

    private func log(_ directory: String) -> [String] {
        let text = (try? String(contentsOfFile: directory + "/maillog", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Returns the queue id that cleanup gave the message whose Message-ID has `marker`.
    private func waitForQueueID(marker: String, directory: String) throws -> String {
        let needle = ": message-id=<\(marker)@clinic.example>"
        for _ in 0..<100 {
            if let line = log(directory).first(where: { $0.hasSuffix(needle) }),
                let end = line.range(of: needle)
            {
                let prefix = line[..<end.lowerBound]
                if let space = prefix.lastIndex(of: " ") {
                    return String(prefix[prefix.index(after: space)...])
                }
            }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError("message \(marker) never reached the reinjection listener")
    }

    /// Waits for the status or hold line of `queueID`. The TLS line is the last one of
    /// the same process (`name/smtp[pid]`) before the status line.
    private func waitForDelivery(queueID: String, directory: String) throws -> Delivery {
        for _ in 0..<150 {
            let lines = log(directory)
            if let index = lines.firstIndex(where: {
                $0.contains(" \(queueID): ") && ($0.contains("status=") || $0.contains(": hold:"))
            }) {
                let status = lines[index]
                let process = status.split(separator: " ").first { $0.contains("[") } ?? ""
                let tls = lines[..<index].last {
                    $0.contains(" \(process) ") && $0.contains("TLS connection established")
                }
                return Delivery(status: status, tls: tls)
            }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError(
            "no delivery status for \(queueID): \(log(directory).suffix(10))")
    }

    @Test func encryptRouteDeliversOverTLS() throws {
        let delivery = try deliver(
            route: "encrypt", to: "a@tls.example", marker: "conf-encrypt-tls")
        #expect(delivery.status.contains("postfix/tlsguard-enforce/smtp["))
        #expect(delivery.status.contains("status=sent"))
        #expect(delivery.tls?.contains("TLS connection established to tls.example") == true)
        let servers = try OutboundServers.get()
        #expect(servers.recipientLogContains("message-id=<conf-encrypt-tls@clinic.example>"))
    }

    @Test func encryptRouteNeverSendsClearText() throws {
        let delivery = try deliver(
            route: "encrypt", to: "b@notls.example", marker: "conf-encrypt-notls")
        #expect(delivery.status.contains("postfix/tlsguard-enforce/smtp["))
        #expect(delivery.status.contains("status=deferred"))
        #expect(delivery.status.contains("TLS is required, but was not offered"))
        let received = try OutboundServers.get().recipientLog()
        #expect(!received.contains { $0.contains("conf-encrypt-notls@clinic.example") })
    }

    @Test func verifyRouteChecksCertificate() throws {
        let good = try deliver(route: "verify", to: "a@tls.example", marker: "conf-verify-tls")
        #expect(good.status.contains("postfix/tlsguard-enforce-verify/smtp["))
        #expect(good.status.contains("status=sent"))
        #expect(good.tls?.contains("Verified TLS connection established to tls.example") == true)
        let expired = try deliver(
            route: "verify", to: "c@expired.example", marker: "conf-verify-expired")
        #expect(expired.status.contains("status=deferred"))
        #expect(expired.status.contains("certificate"))
        #expect(expired.tls?.contains("Untrusted TLS connection") == true)
    }

    @Test func encryptRouteAcceptsExpiredCertificate() throws {
        let delivery = try deliver(
            route: "encrypt", to: "c@expired.example", marker: "conf-encrypt-expired")
        #expect(delivery.status.contains("status=sent"))
        #expect(
            delivery.tls?.contains("Untrusted TLS connection established to expired.example")
                == true)
    }

    @Test func unknownRouteIsHeld() throws {
        let delivery = try deliver(route: "bogus", to: "a@tls.example", marker: "conf-bogus")
        #expect(delivery.status.contains("hold: header X-TLSGuard-Route"))
    }

    @Test func unroutedCopyGoesOutNormally() throws {
        let delivery = try deliver(route: nil, to: "b@notls.example", marker: "conf-plain")
        #expect(delivery.status.contains("postfix/smtp["))
        #expect(delivery.status.contains("status=sent"))
    }

    @Test(.enabled(if: PostfixConfTests.milterAvailable, "needs python3-milter"))
    func milterRouteUsesMilterHeaderChecks() throws {
        let sent = try deliver(
            route: "encrypt", to: "a@tls.example", marker: "milter-encrypt-tls", viaMilter: true)
        #expect(sent.status.contains("postfix/tlsguard-enforce/smtp["))
        #expect(sent.status.contains("status=sent"))
        #expect(sent.tls != nil)
        let refused = try deliver(
            route: "encrypt", to: "b@notls.example", marker: "milter-encrypt-notls", viaMilter: true
        )
        #expect(refused.status.contains("postfix/tlsguard-enforce/smtp["))
        #expect(refused.status.contains("status=deferred"))
    }

    @Test(.enabled(if: PostfixConfTests.milterAvailable, "needs python3-milter"))
    func milterWithoutRouteDeliversNormally() throws {
        let delivery = try deliver(
            route: nil, to: "b@notls.example", marker: "milter-plain", viaMilter: true)
        #expect(delivery.status.contains("postfix/smtp["))
        #expect(delivery.status.contains("status=sent"))
    }
}
