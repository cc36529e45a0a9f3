import Engine
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
        it does not fork.

        At start-up it reads the configuration file, loads the plugin libraries it names
        and creates every enabled plugin; any problem stops start-up with a message of
        the form FILE:LINE: KEY: what is wrong (check a file first with
        'tlsguard check-config'). Each message then runs through the plugins in order,
        exactly as 'tlsguard replay' runs it.

        SIGHUP reads the configuration again and reopens the audit trail file, so a log
        rotation that moves the file ends with 'systemctl reload tlsguard'. A valid new
        configuration applies to connections opened after the reload; connections
        already open keep the one they started with, and none is dropped. An invalid one
        is logged and the running configuration stays. Socket settings change only with
        a restart.

        Options:
          --config FILE       Configuration file. Default: /etc/tlsguard/tlsguard.conf,
                              or the built-in defaults when that file does not exist.
          --socket SPEC       Where to listen, overriding milter_socket: unix:/path,
                              local:/path, inet:PORT@HOST or inet6:PORT@HOST. Prefer a
                              unix socket on one host: on loopback TCP each message costs
                              about 44 ms more, because of Nagle's algorithm and delayed
                              ACKs. A unix socket file on which nothing listens is
                              replaced; start-up fails while another process listens on
                              it. At stop the file is removed unless another process
                              replaced it.
          --socket-mode MODE  Permission bits of a unix socket file in octal, overriding
                              milter_socket_mode. Postfix's smtpd runs as user postfix and
                              needs write access.
          --log DEST          Where log lines go: syslog (facility mail, program name from
                              syslog_name) or stderr. Default: syslog.
          --log-level LEVEL   The lowest level logged, overriding log_level: debug, info,
                              notice, warning or error.
          --help              Show this text.

        Log lines start with the queue id (NOQUEUE before Postfix assigned one), then an
        event and key=value pairs. Each message ends with one summary line, for example
            4XkQ2T0ab1z: accept from=<bob@example.com> to=<carol@example.org>
            7635FF8A193: quarantine from=<lab@example.com> to=<dr@example.org>
                rules=phi.detected,auto_encrypt.hold actions=<dr@example.org>:hold

        A message whose check fails is answered with error_reply (451 4.3.0 by default),
        so the client retries; configure Postfix with milter_default_action = tempfail so
        that mail is also deferred when the milter is not running.

        Exit status:
          0   stopped by SIGTERM or SIGINT
          64  invalid command line
          74  the socket could not be opened, another process listens on the unix
              socket path, or libmilter failed
          78  invalid configuration

        """

    let configurationPath: String?
    let socketOverride: SocketSpec?
    let socketModeOverride: UInt32?
    let logDestination: String
    let logLevelOverride: LogLevel?

    init(arguments: inout ArgumentList) throws(UsageError) {
        configurationPath = try arguments.option("config")
        if let spec = try arguments.option("socket") {
            do {
                socketOverride = try SocketSpec(parsing: spec)
            } catch {
                throw UsageError("milter: \(error.description)")
            }
        } else {
            socketOverride = nil
        }
        if let mode = try arguments.option("socket-mode") {
            guard let value = UInt32(mode, radix: 8), value <= 0o777 else {
                throw UsageError(
                    "milter: invalid value '\(mode)' for --socket-mode; expected an octal "
                        + "mode from 000 to 777, such as 660")
            }
            socketModeOverride = value
        } else {
            socketModeOverride = nil
        }
        logDestination = try arguments.option("log") ?? "syslog"
        guard logDestination == "syslog" || logDestination == "stderr" else {
            throw UsageError(
                "milter: invalid value '\(logDestination)' for --log; expected syslog or stderr")
        }
        logLevelOverride = try Startup.logLevel(
            try arguments.option("log-level"), command: "milter")
        let positionals = try arguments.finish()
        guard positionals.isEmpty else {
            throw UsageError("milter: unexpected argument '\(positionals[0])'")
        }
    }

    func run() throws -> ExitStatus {
        guard
            let configuration = Startup.loadConfiguration(
                path: configurationPath, command: Self.name)
        else {
            return .configuration
        }
        let logger = makeLogger(configuration)
        let milterConfiguration: MilterConfiguration
        do {
            milterConfiguration = try settings(configuration)
            try MilterSettings.prepareSpoolDirectory(milterConfiguration.spoolDirectory)
        } catch {
            Startup.reportStartupError(
                MilterSettings.located(error, in: configuration), command: Self.name,
                logger: logger)
            return .configuration
        }
        guard let engine = Startup.makeEngine(configuration, logger: logger, command: Self.name)
        else {
            return .configuration
        }
        return serve(engine: engine, milter: milterConfiguration, logger: logger)
    }

    private func serve(engine: Engine, milter: MilterConfiguration, logger: Logger) -> ExitStatus {
        do {
            let server = try MilterServer(
                configuration: milter, handler: EngineMilterHandler(engine: engine),
                logger: logger)
            logger.notice(
                "starting",
                [
                    "version": TLSGuardVersion.current, "socket": milter.socket.description,
                    "plugins": engine.pluginNames.joined(separator: ","),
                ])
            try server.run {
                reload(server, logger: logger)
            }
            logger.notice("stopped")
            return .success
        } catch {
            Startup.reportStartupError(error.description, command: Self.name, logger: logger)
            return MilterCommand.exitStatus(for: error)
        }
    }

    /// Reads the configuration again and, when it is valid, gives new connections an
    /// engine built from it. Errors are logged and the running configuration stays.
    private func reload(_ server: MilterServer, logger: Logger) {
        let loader = ConfigurationLoader(builtins: BuiltinPlugins.all)
        do {
            let configuration = try loader.load(path: configurationPath)
            let engine = try Engine(configuration: configuration, logger: logger)
            server.replaceHandler(EngineMilterHandler(engine: engine))
            logger.notice(
                "configuration reloaded",
                ["plugins": engine.pluginNames.joined(separator: ",")])
        } catch let errors as ConfigurationErrors {
            for error in errors.errors {
                logger.error(
                    "reload rejected, running configuration kept", ["reason": error.description])
            }
        } catch {
            logger.error(
                "reload rejected, running configuration kept", ["reason": "\(error)"])
        }
    }

    private func settings(_ configuration: EngineConfiguration) throws(MilterSettingsError)
        -> MilterConfiguration
    {
        var milter = try MilterSettings.configuration(from: configuration)
        if let socketOverride { milter.socket = socketOverride }
        if let socketModeOverride { milter.unixSocketMode = socketModeOverride }
        return milter
    }

    private func makeLogger(_ configuration: EngineConfiguration) -> Logger {
        let handler: any LogHandler =
            logDestination == "stderr"
            ? StandardErrorLogHandler()
            : SyslogLogHandler(identity: configuration.string(DaemonKeys.syslogName))
        return Logger(
            label: "milter", handler: handler,
            minimumLevel: logLevelOverride ?? configuration.logLevel)
    }

    static func exitStatus(for error: MilterError) -> ExitStatus {
        switch error {
        case .invalidConfiguration, .invalidSocketSpec, .invalidReply: .configuration
        default: .ioError
        }
    }
}
