import Engine
import Mail
import Logging
import PluginAPI

/// `tlsguard replay`: run captured mail through the engine without an MTA.
struct ReplayCommand: Command {
    static let name = "replay"
    static let summary = "Run captured mail through the rules without an MTA (dry run)"
    static let help = """
        Usage: tlsguard replay [OPTIONS] PATH...

        Runs each message through the same engine and plugins as 'tlsguard milter', with
        the same configuration, and prints what the milter would do: the verdict and
        reply, the rules that fired, the header fields it would add and the action for
        each recipient. Nothing is sent and no message is changed.

        PATH is a message file (.eml), an mbox file (its first line starts with 'From '),
        a Maildir folder (cur/ and new/ are read), a directory (every file below it, in
        name order), or '-' for standard input. Below a directory, each file and each
        directory is read once however many symbolic links lead to it, and a link back
        to a directory above it is not followed, with a warning on standard error.

        The envelope and the connection come from the options below. Facts not given are
        derived from each message: the sender from Return-Path (then Sender, From), the
        recipients from Delivered-To, else X-Original-To, else To, Cc and Bcc, and the
        client address, HELO name and TLS of the last hop from the topmost Received
        field, which is then hidden from the rules because an MTA adds that field only
        after its milters ran. The output lists which facts were derived.

        Like the milter, replay judges each recipient domain's TLS from DANE and MTA-STS
        (DNS queries) and a STARTTLS probe of its mail servers, which the defaults turn
        on. To replay without network access, use a configuration that sets
        auto_encrypt_dane, auto_encrypt_mta_sts and auto_encrypt_probe to no. Without
        --config and without the default file, replay says on standard error that it
        runs with the built-in defaults.

        Options:
          --config FILE          Configuration file (default /etc/tlsguard/tlsguard.conf).
          --from ADDRESS         Envelope sender.
          --rcpt ADDRESS         Envelope recipient; repeat for several.
          --client-addr IP       Client IP address.
          --client-name NAME     Client host name as the MTA resolved it.
          --helo NAME            HELO/EHLO name.
          --tls-version VERSION  TLS version of the client connection, such as TLSv1.3.
          --cipher NAME          TLS cipher of the client connection.
          --cipher-bits N        Symmetric key bits of that cipher.
          --no-tls               The client did not use STARTTLS.
          --json                 Write one JSON object per message (JSON lines).
          --diff OTHER.CONF      Run every message with both configurations and print
                                 only the messages whose outcome differs, with both.
          --no-summary           Leave out the summary of verdicts and rules at the end.
          --log-level LEVEL      Write engine log records of LEVEL and above to standard
                                 error (default: none).

        A progress line is written to standard error when it is a terminal.

        Exit status:
          0   every input was read
          64  wrong usage
          66  some input could not be read (each is named with the reason; the others
              are still replayed)
          78  the configuration is invalid

        """

    let configPath: String?
    let diffPath: String?
    let options: ReplayOptions
    let json: Bool
    let summary: Bool
    let logLevel: LogLevel?
    let paths: [String]

    init(arguments: inout ArgumentList) throws(UsageError) {
        configPath = try arguments.option("config")
        diffPath = try arguments.option("diff")
        var options = ReplayOptions()
        options.sender = try arguments.option("from")
        options.recipients = try arguments.options("rcpt")
        options.clientAddress = try arguments.option("client-addr")
        if let address = options.clientAddress, IPAddress(address) == nil {
            throw UsageError(
                "replay: invalid --client-addr '\(address)'; expected an IPv4 or IPv6 address "
                    + "such as 192.0.2.1")
        }
        if options.recipients.contains(where: { EnvelopeAddress(raw: $0).address.isEmpty }) {
            throw UsageError("replay: empty --rcpt; give an address such as dr@example.org")
        }
        options.clientName = try arguments.option("client-name")
        options.helo = try arguments.option("helo")
        options.tlsVersion = try arguments.option("tls-version")
        if let version = options.tlsVersion, TLSProtocolVersion(text: version) == nil {
            throw UsageError(
                "replay: invalid --tls-version '\(version)'; use the MTA's spelling, such as "
                    + "TLSv1.2 or TLSv1.3")
        }
        options.cipher = try arguments.option("cipher")
        options.cipherBits = try arguments.integerOption("cipher-bits", in: 0...65536)
        options.noTLS = arguments.flag("no-tls")
        if options.noTLS && (options.tlsVersion != nil || options.cipher != nil) {
            throw UsageError("replay: --no-tls contradicts --tls-version and --cipher")
        }
        self.options = options
        json = arguments.flag("json")
        summary = !arguments.flag("no-summary")
        logLevel = try Startup.logLevel(try arguments.option("log-level"), command: Self.name)
        paths = try arguments.finish()
        guard !paths.isEmpty else {
            throw UsageError(
                "replay: no input; give message files, mbox files, Maildir "
                    + "folders, directories or - for standard input")
        }
    }

    func run() throws -> ExitStatus {
        guard let runner = makeRunner(configPath) else { return .configuration }
        var other: ReplayRunner?
        if let diffPath {
            guard let made = makeRunner(diffPath, option: "--diff") else { return .configuration }
            other = made
        }
        var report = ReplayReport(json: json, diff: other != nil)
        if let diffPath {
            report.describeDiff(
                first: configPath ?? ConfigurationLoader.defaultPath, second: diffPath)
        }
        var counter = 0
        let source = ReplaySource(paths: paths)
        source.forEach(loop: { report.skipped($0) }) { item in
            counter += 1
            let queueID = "REPLAY\(counter)"
            switch item {
            case .success(let message):
                let result = runner.run(message, queueID: queueID)
                if let other {
                    report.compare(result, other.run(message, queueID: queueID))
                } else {
                    report.add(result)
                }
            case .failure(let error):
                report.unreadable(error)
            }
        }
        report.finish(summary: summary)
        return report.unreadableCount > 0 ? .noInput : .success
    }

    private func makeRunner(_ path: String?, option: String = "--config") -> ReplayRunner? {
        guard
            let configuration = Startup.loadConfiguration(
                path: path, command: Self.name, option: option)
        else {
            return nil
        }
        if configuration.path == nil {
            var errors = Output.standardError
            errors.line(
                "tlsguard replay: note: \(ConfigurationLoader.defaultPath) does not exist; "
                    + "replaying with the built-in defaults, which check recipient domains "
                    + "over the network (DANE, MTA-STS, STARTTLS probe). Pass --config with "
                    + "auto_encrypt_dane, auto_encrypt_mta_sts and auto_encrypt_probe set to "
                    + "no to stay offline.")
            errors.flush()
        }
        let logger: Logger
        if let logLevel {
            logger = Logger(
                label: "replay", handler: StandardErrorLogHandler(), minimumLevel: logLevel)
        } else {
            logger = .discarding
        }
        guard
            let engine = Startup.makeEngine(
                configuration, logger: logger, command: Self.name, dryRun: true)
        else {
            return nil
        }
        return ReplayRunner(engine: engine, options: options, deriveHop: DerivedHop.fromReceived)
    }
}
