import Foundation

/// The real servers behind the network tests, started once per test process:
///
/// - a DNS server on loopback (Fixtures/outbound/dns_server.py) with the zone of
///   Fixtures/outbound/zone.json, signed (AD bit) for dane.example and wrongdane.example;
/// - an HTTPS server for MTA-STS policies (mta_sts_server.py) with a test-CA certificate;
/// - a private Postfix with three SMTP servers on port 2525: STARTTLS with a test-CA
///   certificate (mx.tls.example), no STARTTLS (mx.notls.example), and STARTTLS with an
///   expired self-signed certificate (mx.expired.example).
///
/// The DNS server listens on 127.0.0.1 at a port the kernel chooses. The HTTPS server
/// listens in this process's loopback block (`TestNetwork`), also at a port the kernel
/// chooses, and the SMTP servers listen in that block at port 2525. Another test process
/// on the machine uses another block.
///
/// They stop when the test process exits. The tests that use them are skipped when
/// postfix, openssl or python3 is missing.
final class OutboundServers: Sendable {
    static let required = ["openssl", "python3", "/usr/sbin/postfix", "/usr/sbin/smtp-sink"]
    static var toolsAvailable: Bool { TestProcess.available(required) }

    static let shared: Result<OutboundServers, TestEnvironmentError> = {
        do {
            return .success(try OutboundServers())
        } catch {
            return .failure(TestEnvironmentError("test servers did not start: \(error)"))
        }
    }()

    static func get() throws -> OutboundServers {
        try shared.get()
    }

    let directory: String
    let certificates: String
    let tlsAddress = TestNetwork.address(11)
    let noTLSAddress = TestNetwork.address(12)
    let expiredAddress = TestNetwork.address(13)
    let downAddress = TestNetwork.address(19)
    let httpsAddress = TestNetwork.address(21)
    let dnsPort: Int
    let httpsPort: Int

    /// `auto_encrypt_*` settings that point the plugin at these servers.
    var pluginConfig: [String: String] {
        [
            "auto_encrypt_resolver": "127.0.0.1:\(dnsPort)",
            "auto_encrypt_probe_port": "2525",
            "auto_encrypt_probe_timeout": "5s",
            "auto_encrypt_probe_ca_file": certificates + "/ca.pem",
            "auto_encrypt_mta_sts_port": String(httpsPort),
            "auto_encrypt_mta_sts_ca_file": certificates + "/ca.pem",
            "auto_encrypt_cache_file": "",
            "auto_encrypt_gateway_address": "secure@gateway.example.net",
            "auto_encrypt_on_none": "redirect",
            "auto_encrypt_on_opportunistic": "redirect",
            "auto_encrypt_no_certificate_action": "redirect",
        ]
    }

    private init() throws {
        directory = try TestProcess.temporaryDirectory("servers")
        certificates = directory + "/certs"
        let fixtures = TestProcess.fixtures
        try OutboundServers.check(
            TestProcess.run(["sh", fixtures + "/make_certificates.sh", certificates]))

        let zone = try OutboundServers.zone(
            fixtures: fixtures, certificates: certificates,
            addresses: [
                "@TLS@": tlsAddress, "@NOTLS@": noTLSAddress, "@EXPIRED@": expiredAddress,
                "@DOWN@": downAddress, "@HTTPS@": httpsAddress,
            ])
        let zonePath = directory + "/zone.json"
        try zone.write(toFile: zonePath, atomically: true, encoding: .utf8)
        dnsPort = try TestProcess.startServer(["python3", fixtures + "/dns_server.py", zonePath])
            .port
        httpsPort = try TestProcess.startServer([
            "python3", fixtures + "/mta_sts_server.py", httpsAddress, "0",
            certificates + "/mta-sts.pem", certificates + "/mta-sts.key", fixtures + "/mta-sts",
        ]).port

        let postfix = directory + "/recipients"
        try OutboundServers.check(
            TestProcess.run([
                "bash", fixtures + "/recipient_servers.sh", "start", postfix, certificates,
                tlsAddress, noTLSAddress, expiredAddress,
            ]))
        TestProcess.watch(cleanup: "postfix -c \(postfix) stop")
    }

    /// Returns the zone with test addresses and the TLSA digest of the mx.tls.example key.
    private static func zone(fixtures: String, certificates: String, addresses: [String: String])
        throws -> String
    {
        var zone = try String(contentsOfFile: fixtures + "/zone.json", encoding: .utf8)
        for (placeholder, address) in addresses {
            zone = zone.replacingOccurrences(of: placeholder, with: address)
        }
        let digest = try TestProcess.run([
            "sh", "-c",
            "openssl x509 -in \(certificates)/mx.tls.example.pem -pubkey -noout | openssl pkey "
                + "-pubin -outform DER | openssl dgst -sha256 -binary | od -An -tx1 | tr -d ' \\n'",
        ])
        return zone.replacingOccurrences(of: "@SPKI_SHA256@", with: digest.output)
    }

    static func check(_ result: (status: Int32, output: String)) throws {
        guard result.status == 0 else {
            throw TestEnvironmentError("command failed (\(result.status)): \(result.output)")
        }
    }

    /// Returns the lines of the recipient servers' log.
    func recipientLog() -> [String] {
        let text =
            (try? String(contentsOfFile: directory + "/recipients/maillog", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Waits up to five seconds for a line of the recipient servers' log that contains
    /// `text`, because postlogd writes the log after the SMTP reply.
    func recipientLogContains(_ text: String) -> Bool {
        for _ in 0..<50 {
            if recipientLog().contains(where: { $0.contains(text) }) { return true }
            usleepMilliseconds(100)
        }
        return false
    }
}
