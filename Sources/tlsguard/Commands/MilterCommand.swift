import Logging
import MilterKit

/// `tlsguard milter`: the mail filter daemon, in the foreground.
struct MilterCommand: Command {
    static let name = "milter"
    static let summary = "Run the mail filter daemon in the foreground"
    static let help = """
        Usage: tlsguard milter [--config FILE] [--socket SPEC] [--socket-mode MODE]
                               [--log syslog|stderr] [--log-level LEVEL]

        Runs tlsguard as a milter for Postfix or sendmail, in the foreground, until it
        receives SIGTERM or SIGINT. Meant to be started by systemd or another supervisor;
        it does not fork. SIGHUP asks for the configuration to be read again; connections
        already open keep the settings they started with.

        Until the rule engine is connected, every message gets one header that shows what
        the milter saw of the client connection's TLS, for example
            X-TLSGuard-TLS: version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256
        or "X-TLSGuard-TLS: none" for a message received without STARTTLS. Headers of
        that name that arrive with the message are removed first.

        Options:
          --config FILE       Configuration file. Accepted but not read yet: the settings
                              come from the defaults and the options below.
          --socket SPEC       Where to listen, in libmilter syntax: unix:/path,
                              local:/path, inet:PORT@HOST or inet6:PORT@HOST.
                              Default: unix:/run/tlsguard/tlsguard.sock. Prefer a unix
                              socket on one host: on loopback TCP each message costs about
                              44 ms more, because of Nagle's algorithm and delayed ACKs.
          --socket-mode MODE  Permission bits of a unix socket file, in octal. Postfix's
                              smtpd runs as user postfix and needs write access.
                              Default: 660.
          --log DEST          Where log lines go: syslog (facility mail) or stderr.
                              Default: syslog.
          --log-level LEVEL   The lowest level logged: debug, info, notice, warning or
                              error. Default: info.
          --help              Show this text.

        Log lines start with the queue id (NOQUEUE before Postfix assigned one), then an
        event and key=value pairs, for example
            4XkQ2T0ab1z: tempfail stage=end_of_message status=451 reason="..."

        A message whose check fails is answered with 451 4.3.0, so the client retries;
        configure Postfix with milter_default_action = tempfail so that mail is also
        deferred when the milter is not running.

        Exit status:
          0   stopped by SIGTERM or SIGINT
          64  invalid command line
          74  the socket could not be opened or libmilter failed
          78  invalid setting

        """

    let configurationPath: String?
    let configuration: MilterConfiguration
    let logDestination: String
    let logLevel: LogLevel

    init(arguments: inout ArgumentList) throws(UsageError) {
        configurationPath = try arguments.option("config")

        var configuration = MilterConfiguration()
        if let spec = try arguments.option("socket") {
            do {
                configuration.socket = try SocketSpec(parsing: spec)
            } catch {
                throw UsageError("milter: \(error.description)")
            }
        }
        if let mode = try arguments.option("socket-mode") {
            guard let value = UInt32(mode, radix: 8), value <= 0o777 else {
                throw UsageError(
                    "milter: invalid value '\(mode)' for --socket-mode; expected an octal "
                        + "mode from 000 to 777, such as 660")
            }
            configuration.unixSocketMode = value
        }
        self.configuration = configuration

        logDestination = try arguments.option("log") ?? "syslog"
        guard logDestination == "syslog" || logDestination == "stderr" else {
            throw UsageError(
                "milter: invalid value '\(logDestination)' for --log; expected syslog or stderr")
        }
        let levelName = try arguments.option("log-level") ?? "info"
        guard let level = LogLevel(name: levelName) else {
            throw UsageError(
                "milter: invalid value '\(levelName)' for --log-level; expected debug, info, "
                    + "notice, warning or error")
        }
        logLevel = level

        let positionals = try arguments.finish()
        guard positionals.isEmpty else {
            throw UsageError("milter: unexpected argument '\(positionals[0])'")
        }
    }

    func run() throws -> ExitStatus {
        let logHandler: any LogHandler =
            logDestination == "stderr"
            ? StandardErrorLogHandler() : SyslogLogHandler(identity: "tlsguard")
        let logger = Logger(label: "milter", handler: logHandler, minimumLevel: logLevel)
        if let configurationPath {
            // TODO: read the file once the configuration loader exists; until then its
            // settings are ignored and only the defaults and command-line options apply.
            logger.warning("configuration file not read yet", ["path": configurationPath])
        }
        do {
            let server = try MilterServer(
                configuration: configuration, handler: TLSHeaderHandler(), logger: logger)
            try server.run {
                logger.notice("reload ignored", ["reason": "no configuration loader yet"])
            }
            return .success
        } catch {
            logger.error("milter failed", ["reason": error.description])
            return MilterCommand.exitStatus(for: error)
        }
    }

    static func exitStatus(for error: MilterError) -> ExitStatus {
        switch error {
        case .invalidConfiguration, .invalidSocketSpec, .invalidReply: .configuration
        default: .ioError
        }
    }
}
