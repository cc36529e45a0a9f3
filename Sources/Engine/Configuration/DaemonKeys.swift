import PluginAPI

/// The keys of the daemon itself. Plugins declare their own keys in their descriptors;
/// the engine adds `<plugin>_on_error` and `<plugin>_time_limit` for each enabled plugin.
/// `Docs/configuration.md` is generated from these tables by `tlsguard check-config
/// --reference`, and a test checks that the two agree.
public enum DaemonKeys {
    public static let milterSocket = "milter_socket"
    public static let milterSocketMode = "milter_socket_mode"
    public static let milterTimeout = "milter_timeout"
    public static let milterBacklog = "milter_backlog"
    public static let milterProgressInterval = "milter_progress_interval"
    public static let milterMaxProgressDuration = "milter_max_progress_duration"
    public static let bodyMemoryLimit = "milter_body_memory_limit"
    public static let spoolDirectory = "milter_spool_directory"
    public static let maxHeaderCount = "milter_max_header_count"
    public static let maxHeaderSize = "milter_max_header_size"
    public static let errorReply = "error_reply"
    /// The rule for `error_reply` in error messages. The daemon tempfails with this reply.
    public static let errorReplyAllowed =
        "a 4xx reply with a 4.x.x enhanced status code, because the client must retry, "
        + "such as '451 4.3.0 Message could not be checked; try again later'"
    public static let logLevel = "log_level"
    public static let syslogName = "syslog_name"
    public static let plugins = "plugins"
    public static let pluginPaths = "plugin_paths"
    public static let auditLog = "audit_log"
    public static let auditOnFailure = "audit_on_failure"
    public static let mimeMaxDepth = "mime_max_depth"
    public static let mimeMaxParts = "mime_max_parts"
    public static let mimeMaxDecodedPartSize = "mime_max_decoded_part_size"
    public static let mimeMaxTextSize = "mime_max_text_size"

    public static let all: [ConfigKey] = [
        ConfigKey(
            milterSocket, .string, default: "unix:/var/spool/postfix/tlsguard/tlsguard.sock",
            "Where the milter listens, in libmilter syntax: unix:/path, local:/path, "
                + "inet:PORT@HOST or inet6:PORT@HOST. The default lies inside Postfix's queue "
                + "directory, where Debian's chrooted smtpd can reach it as "
                + "unix:/tlsguard/tlsguard.sock. A unix socket avoids the delay that Nagle's "
                + "algorithm adds to every milter reply on a TCP loopback socket. A unix "
                + "socket path has at most 98 bytes, and the milter does not start while "
                + "another process listens on it."),
        ConfigKey(
            milterSocketMode, .string, default: "0660",
            "Permissions of a unix socket, in octal. The Postfix smtpd user must be able "
                + "to write to it."),
        ConfigKey(
            milterTimeout, .duration, default: "7210s",
            "How long libmilter waits for the MTA before it gives up on a connection "
                + "(smfi_settimeout). Keep it longer than the longest SMTP session, because "
                + "the MTA tempfails the rest of a session whose milter connection closed."),
        ConfigKey(
            milterBacklog, .integer(1...65535), default: "128",
            "Length of the listen queue of the milter socket (smfi_setbacklog)."),
        ConfigKey(
            milterProgressInterval, .duration, default: "10s",
            "While end-of-message work runs, how often tlsguard tells the MTA it is still "
                + "working (smfi_progress), so a long scan does not hit the MTA's timeout."),
        ConfigKey(
            milterMaxProgressDuration, .duration, default: "15m",
            "How long tlsguard keeps the MTA waiting with smfi_progress for one message. "
                + "Past it the MTA's own timeout applies, so a hung check ends in a tempfail "
                + "instead of holding the SMTP session."),
        ConfigKey(
            bodyMemoryLimit, .size, default: "8m",
            "Body bytes kept in memory per message; larger bodies are spilled to a file "
                + "in milter_spool_directory."),
        ConfigKey(
            spoolDirectory, .path, default: "/var/spool/tlsguard",
            "Directory for bodies larger than milter_body_memory_limit, created with mode "
                + "0700 when missing. Files (mode 0600) are removed at the end of each "
                + "message."),
        ConfigKey(
            maxHeaderCount, .integer(1...1_000_000), default: "10000",
            "Maximum number of header fields in one message; past it the message is "
                + "rejected with 552 5.3.4 and a log line naming the limit."),
        ConfigKey(
            maxHeaderSize, .size, default: "4m",
            "Maximum total size of all header fields of one message; past it the message "
                + "is rejected with 552 5.3.4 and a log line naming the limit."),
        ConfigKey(
            errorReply, .reply, default: "451 4.3.0 Message could not be checked; try again later",
            "Reply sent when tlsguard fails internally on a message, so the client retries "
                + "instead of the message passing unchecked."),
        ConfigKey(
            logLevel, .choice(["debug", "info", "notice", "warning", "error"]),
            default: "info", "Lowest level of log records written."),
        ConfigKey(
            syslogName, .string, default: "tlsguard",
            "The program name in syslog records, like Postfix's syslog_name."),
        ConfigKey(
            plugins, .list,
            default: "tls_requirement, phi_detection, auto_encrypt_redirect",
            "Rule plugins to run, built-in or loaded from plugin_paths. The engine orders "
                + "them by their declared constraints and otherwise keeps this order."),
        ConfigKey(
            pluginPaths, .list, default: "",
            "Shared libraries of third-party rule plugins, loaded at start-up."),
        ConfigKey(
            auditLog, .path, default: "/var/log/tlsguard/audit.jsonl",
            "File that receives one JSON line per message with its verdict, findings and "
                + "per-recipient actions, the record an auditor checks. Empty turns the "
                + "audit trail off."),
        ConfigKey(
            auditOnFailure, .choice(["tempfail", "continue"]), default: "tempfail",
            "What happens to a message whose audit record cannot be written: tempfail, so "
                + "no message passes without a record, or continue and count the failure."),
        ConfigKey(
            mimeMaxDepth, .integer(1...1000), default: "32",
            "Deepest MIME nesting that is parsed; deeper parts are reported as not scanned."),
        ConfigKey(
            mimeMaxParts, .integer(1...1_000_000), default: "10000",
            "Maximum number of MIME parts parsed in one message; later parts are reported as "
                + "not scanned."),
        ConfigKey(
            mimeMaxDecodedPartSize, .size, default: "64m",
            "Largest decoded size of one part that is scanned; larger parts are reported "
                + "as not scanned."),
        ConfigKey(
            mimeMaxTextSize, .size, default: "32m",
            "Largest total of decoded text kept for the text views of one message; text "
                + "beyond it is reported as not scanned."),
    ]

    /// Keys that the engine adds for each enabled plugin.
    public static func pluginKeys(for descriptor: PluginDescriptor) -> [ConfigKey] {
        [
            ConfigKey(
                descriptor.name + "_on_error",
                .choice(FailurePolicy.allCases.map(\.rawValue)),
                default: descriptor.failurePolicy.rawValue,
                "What happens to a message when the \(descriptor.name) plugin fails on it or "
                    + "runs past its time limit: tempfail, reject, or continue without it."),
            ConfigKey(
                descriptor.name + "_time_limit", .duration,
                default: DaemonKeys.durationText(descriptor.timeBudget),
                "How long one call of the \(descriptor.name) plugin may run."),
        ]
    }

    static func durationText(_ duration: Duration) -> String {
        ConfigValue.durationText(duration)
    }
}
