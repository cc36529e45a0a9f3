import Foundation

@testable import AutoEncryptRedirect

/// A sending site as an installation runs it, started once per test process: the built
/// `tlsguard milter` with the shipped plugins, attached to a private Postfix with the
/// main.cf, master.cf and route checks of Conf/postfix (Fixtures/outbound/sender_mta.sh).
///
/// Mail enters at the inbound smtpd (`inbound`), as a client sends it. The sender Postfix
/// resolves recipient domains through a private hosts file: tls.example, notls.example
/// and expired.example are the recipient servers of `OutboundServers`, smime.example and
/// gateway.example.net are `SMTPSink`s that keep each message. The milter's checks use
/// the test DNS server, whose zone has the same domains.
final class SendingSite: Sendable {
    static let inboundHost = TestNetwork.address(51)
    static let inboundPort = 2526
    static let inbound = "\(inboundHost):\(inboundPort)"
    static let listenerHost = TestNetwork.address(51)
    static let listenerPort = 10026
    static let listener = "\(listenerHost):\(listenerPort)"
    static let smimeAddress = TestNetwork.address(52)
    static let gatewayAddress = TestNetwork.address(53)
    static let gatewayRecipient = "secure@gateway.example.net"
    static let bodyMemoryLimit = 65_536

    /// True when the site can start: root (for `postfix start`), the tools of
    /// `OutboundServers` and the built `tlsguard`.
    static var available: Bool {
        getuid() == 0 && OutboundServers.toolsAvailable && TLSGuardDaemon.built
    }

    static let shared: Result<SendingSite, TestEnvironmentError> = {
        do {
            return .success(try SendingSite())
        } catch let error as TestEnvironmentError {
            return .failure(error)
        } catch {
            return .failure(TestEnvironmentError("sending site did not start: \(error)"))
        }
    }()

    static func get() throws -> SendingSite {
        try shared.get()
    }

    let servers: OutboundServers
    let directory: String
    let milter: TLSGuardDaemon
    let gateway: SMTPSink
    let smime: SMTPSink
    /// The sender Postfix's configuration and queue directory.
    let postfix: String

    var log: PostfixLog { PostfixLog(path: postfix + "/maillog") }
    var spoolDirectory: String { directory + "/spool" }
    var recipientLog: PostfixLog { PostfixLog(path: servers.directory + "/recipients/maillog") }

    private init() throws {
        servers = try OutboundServers.get()
        directory = try TestProcess.temporaryDirectory("site")
        gateway = try SMTPSink(address: SendingSite.gatewayAddress, port: 2525)
        smime = try SMTPSink(address: SendingSite.smimeAddress, port: 2525)
        milter = try TLSGuardDaemon(
            directory: directory, configuration: SendingSite.configuration(servers, directory))

        postfix = directory + "/postfix"
        let hosts = directory + "/hosts"
        try SendingSite.hosts(servers).write(toFile: hosts, atomically: true, encoding: .utf8)
        let conf = URL(fileURLWithPath: TestProcess.fixtures).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conf/postfix").path
        let started = try TestProcess.run([
            "bash", TestProcess.fixtures + "/sender_mta.sh", "start", postfix, conf,
            servers.certificates + "/ca.pem", SendingSite.listener, hosts, milter.socketPath,
        ])
        TestProcess.watch(cleanup: "postfix -c \(postfix) stop")
        guard started.status == 0 else {
            throw TestEnvironmentError("sender Postfix did not start: \(started.output)")
        }
    }

    /// Returns the daemon's `tlsguard.conf`: the shipped plugin list, the test servers,
    /// alice's certificate in the S/MIME store, the gateway for recipients without TLS,
    /// the domains held.example and refused.example whose sensitive mail is held or
    /// rejected, and a body memory limit of 64 KiB (`bodyMemoryLimit`), above which a
    /// body goes to a spool file.
    static func configuration(_ servers: OutboundServers, _ directory: String) -> String {
        var settings = servers.pluginConfig
        settings["auto_encrypt_cache_file"] = directory + "/tls-assurance.cache"
        settings["auto_encrypt_smime_certificates"] = servers.certificates + "/alice.pem"
        settings["auto_encrypt_reinject_address"] = SendingSite.listener
        settings["auto_encrypt_domain_actions"] = "held.example=hold, refused.example=reject"
        // The first message to each domain waits for its checks. On a loaded machine the
        // default 3s can run out, and the domain would then count as unknown.
        settings["auto_encrypt_probe_budget"] = "20s"
        let lines =
            [
                "plugins = tls_requirement, phi_detection, auto_encrypt_redirect",
                "milter_spool_directory = \(directory)/spool",
                "milter_body_memory_limit = \(bodyMemoryLimit)",
                "audit_log = \(directory)/audit.jsonl",
            ] + settings.keys.sorted().map { "\($0) = \(settings[$0] ?? "")" }
        return lines.joined(separator: "\n") + "\n"
    }

    static func hosts(_ servers: OutboundServers) -> String {
        """
        127.0.0.1 localhost
        \(servers.tlsAddress) tls.example
        \(servers.noTLSAddress) notls.example
        \(servers.expiredAddress) expired.example
        \(smimeAddress) smime.example
        \(gatewayAddress) gateway.example.net

        """
    }

    // MARK: - Sending

    /// Sends `message` to the inbound smtpd, whose milter is tlsguard, and returns once the
    /// server replied 250 to the final dot. Throws with the reply otherwise.
    func send(_ message: [UInt8], from sender: String, to recipients: [String]) throws {
        let client = try ReinjectionClient(
            address: SendingSite.inbound, heloName: "client.clinic.example",
            timeout: .seconds(60))
        try client.send(message, sender: sender, recipients: recipients)
    }

    /// Sends several messages in one SMTP session to the inbound smtpd, with
    /// Tests/Integration/smtp-session.py, and returns the reply code to each final dot.
    func session(_ messages: [(bytes: [UInt8], recipients: [String])], from sender: String)
        throws -> [Int]
    {
        var steps: [[String: Any]] = []
        for (number, message) in messages.enumerated() {
            let file = directory + "/session-\(UUID().uuidString.prefix(8))-\(number).eml"
            try Data(message.bytes).write(to: URL(fileURLWithPath: file))
            steps.append([
                "mail": "<\(sender)>", "rcpt": message.recipients.map { "<\($0)>" },
                "data_file": file,
            ])
        }
        let plan: [String: Any] = [
            "host": SendingSite.inboundHost, "port": SendingSite.inboundPort,
            "helo": "client.clinic.example", "steps": steps,
        ]
        let script = URL(fileURLWithPath: TestProcess.fixtures).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Integration/smtp-session.py")
        let result = try TestProcess.run(
            ["python3", script.path], input: try JSONSerialization.data(withJSONObject: plan))
        guard result.status == 0,
            let object = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)),
            let replies = (object as? [String: Any])?["steps"] as? [[[Any]]]
        else {
            throw TestEnvironmentError("smtp-session.py failed: \(result.output)")
        }
        return replies.map { ($0.last?.first as? Int) ?? 0 }
    }

    // MARK: - Reinjection listener

    /// Stops the reinjection listener by commenting it out of master.cf and reloading
    /// Postfix. Returns the saved master.cf for `restoreListener`.
    func stopListener() throws -> String {
        let saved = try String(contentsOfFile: postfix + "/master.cf", encoding: .utf8)
        try OutboundServers.check(
            TestProcess.run(["postconf", "-c", postfix, "-M#", SendingSite.listener + "/inet"]))
        try OutboundServers.check(TestProcess.run(["postfix", "-c", postfix, "reload"]))
        try waitForListener(open: false)
        return saved
    }

    /// Puts back `masterCF`, reloads Postfix and waits until the listener accepts again.
    func restoreListener(_ masterCF: String) throws {
        try masterCF.write(toFile: postfix + "/master.cf", atomically: true, encoding: .utf8)
        try OutboundServers.check(TestProcess.run(["postfix", "-c", postfix, "reload"]))
        try waitForListener(open: true)
    }

    private func waitForListener(open: Bool) throws {
        let address = "\(SendingSite.listenerHost)/\(SendingSite.listenerPort)"
        for _ in 0..<100 {
            let probe = try TestProcess.run(["bash", "-c", "exec 3<>/dev/tcp/" + address])
            if (probe.status == 0) == open { return }
            usleepMilliseconds(100)
        }
        throw TestEnvironmentError(
            "reinjection listener \(SendingSite.listener) did not \(open ? "open" : "close")")
    }
}
