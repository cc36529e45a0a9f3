import Testing

@testable import AutoEncryptRedirect

/// STARTTLS probes of a server that completes the TLS handshake and then resets the
/// connection (Fixtures/outbound/tls_reset_server.py). OpenSSL writes to such a socket
/// with write(2), which raises SIGPIPE; the probe must get an error instead, in a
/// process that does not ignore SIGPIPE, such as this test process or `tlsguard probe`.
@Suite(.enabled(if: TestProcess.available(["openssl", "python3"]), "needs openssl, python3"))
struct ConnectionResetTests {
    static let attempts = 20

    @Test func resetAfterHandshakeIsReportedEveryTime() throws {
        let directory = try TestProcess.temporaryDirectory("reset")
        try OutboundServers.check(
            TestProcess.run([
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=mx.reset.test", "-keyout", directory + "/key.pem",
                "-out", directory + "/cert.pem",
            ]))
        let server = try TestProcess.startServer([
            "python3", TestProcess.fixtures + "/tls_reset_server.py", directory + "/cert.pem",
            directory + "/key.pem",
        ])
        defer { server.process.terminate() }

        let probe = STARTTLSProbe(heloName: "probe.test", timeout: .seconds(10), caFile: "")
        for attempt in 1...ConnectionResetTests.attempts {
            let result = probe.probe(
                hostname: "mx.reset.test", address: "127.0.0.1", port: server.port, tlsa: [])
            #expect(result.tls != nil, "attempt \(attempt): \(result.error ?? "no error")")
            #expect(
                result.error?.contains("EHLO") == true,
                "attempt \(attempt): got \(result.error ?? "no error"), want a failed EHLO")
        }
    }
}
