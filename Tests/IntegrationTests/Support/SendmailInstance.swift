import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private sendmail on 127.0.0.1 with the milter under test attached, created by
/// `Tests/Integration/sendmail-instance` from sendmail packages unpacked beside Postfix.
/// It runs in its own UTS and mount namespace as `mx.sendmail.test`, logs to `maillog` in
/// its directory and relays every message to an smtp-sink that writes one file per
/// transaction.
final class SendmailInstance: @unchecked Sendable {
    let directory: URL
    let port: Int
    let sinkPort: Int
    private var running = false

    /// The folder with sendmail-bin and sendmail-cf unpacked, as scripts/install-deps
    /// makes it: `TLSGUARD_SENDMAIL_ROOT`, else /opt/tlsguard-test/sendmail.
    static let root =
        ProcessInfo.processInfo.environment["TLSGUARD_SENDMAIL_ROOT"]
        ?? "/opt/tlsguard-test/sendmail"

    /// The shipped `.mc` lines that attach tlsguard; the tests use them unchanged except
    /// for the socket.
    static let shippedMilterLines = TestEnvironment.packageRoot
        .appendingPathComponent("Conf/sendmail/tlsguard.mc")

    /// True when the tests run as root with the unpacked sendmail, m4, smtp-sink and a
    /// working `unshare`, which needs the right to make namespaces.
    static let canRun: Bool = {
        let files = [
            root + "/usr/libexec/sendmail/sendmail", "/usr/bin/m4", "/usr/sbin/smtp-sink",
            "/usr/bin/unshare",
        ]
        guard getuid() == 0, files.allSatisfy(FileManager.default.isExecutableFile) else {
            return false
        }
        let probe = try? runCommand("/usr/bin/unshare", ["--uts", "--mount", "--fork", "true"])
        return probe?.status == 0
    }()

    /// Creates and starts the instance with the milter lines of `milterLines`.
    init(milter socketSpec: String, milterLines: URL = SendmailInstance.shippedMilterLines)
        throws
    {
        directory = try TestEnvironment.makeTemporaryDirectory("sendmail")
        port = try TestEnvironment.freePort()
        sinkPort = try TestEnvironment.freePort()
        try SendmailInstance.script([
            "create", directory.path, "--port", "\(port)", "--sink-port", "\(sinkPort)",
            "--milter", socketSpec, "--milter-lines", milterLines.path, "--root",
            SendmailInstance.root,
        ])
        try SendmailInstance.script(["start", directory.path])
        running = true

        let ready = TestEnvironment.waitUntil(seconds: 15) {
            (try? SMTPSession.banner(port: self.port)) == true
        }
        guard ready else {
            throw TestFailure("sendmail did not answer on port \(port)\n\(output)\n\(maillog)")
        }
    }

    func stop() {
        guard running else { return }
        running = false
        _ = try? SendmailInstance.script(["stop", directory.path])
    }

    /// Stops the instance and removes its directory, unless the environment variable
    /// TLSGUARD_KEEP_TEST_DIRS is set, which keeps it for reading the maillog.
    deinit {
        stop()
        if ProcessInfo.processInfo.environment["TLSGUARD_KEEP_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// sendmail's syslog messages.
    var maillog: String { text("maillog") }

    /// What sendmail wrote to standard output and standard error, such as bind errors.
    var output: String { text("run/sendmail.out") }

    /// The `.mc` file the instance was built from.
    var mcFile: String { text("etc/sendmail.mc") }

    /// Returns the path of a PEM file of the instance's test certificates: `client.crt` and
    /// `client.key` come from the test CA that sendmail trusts, `stranger.crt` and
    /// `stranger.key` from a CA it does not trust.
    func tlsFile(_ name: String) -> String {
        directory.appendingPathComponent("tls").appendingPathComponent(name).path
    }

    /// Returns the messages in the sink, in the order of `SinkMessage.read(from:)`.
    func delivered() -> [SinkMessage] {
        SinkMessage.read(from: directory.appendingPathComponent("sink"))
    }

    /// Waits until sendmail has logged at least `count` deliveries, then returns the
    /// messages in the sink. smtp-sink writes a file while the transaction runs, so the
    /// file is complete only once sendmail logged `stat=Sent`.
    func waitForDelivery(count: Int, seconds: Double = 30) -> [SinkMessage] {
        TestEnvironment.waitUntil(seconds: seconds) {
            self.maillog.components(separatedBy: "stat=Sent").count - 1 >= count
        }
        return delivered()
    }

    private func text(_ relativePath: String) -> String {
        let url = directory.appendingPathComponent(relativePath)
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    private static func script(_ arguments: [String]) throws {
        let result = try runCommand(TestEnvironment.script("sendmail-instance"), arguments)
        guard result.status == 0 else {
            throw TestFailure(
                "sendmail-instance \(arguments.first ?? "") failed: \(result.output)")
        }
    }
}
