import PluginAPI

/// Every setting of the milter layer, in one place, so that the configuration loader and
/// the command line fill the same value. The defaults suit a Postfix on the same host.
public struct MilterConfiguration: Sendable, Hashable {
    /// The name libmilter registers and logs (`smfiDesc.xxfi_name`).
    public var filterName: String = "tlsguard"
    /// The socket to listen on. The default is a unix socket, because an inet socket costs
    /// about 44 ms per message on loopback (Nagle's algorithm against delayed ACKs).
    public var socket: SocketSpec = .unix(path: "/run/tlsguard/tlsguard.sock")
    /// The permission bits of a unix socket file. Postfix's smtpd runs as user `postfix`
    /// and must be able to write to it; 0660 with a shared group, or 0666, works.
    public var unixSocketMode: UInt32 = 0o660
    /// Seconds libmilter waits for the MTA to read or write before it drops the
    /// connection (`smfi_settimeout`). libmilter's own default is 7210.
    public var timeoutSeconds: Int = 7210
    /// The listen queue length (`smfi_setbacklog`).
    public var backlog: Int = 128
    /// Bytes of body kept in memory per message; a larger body spills to a file in
    /// `spoolDirectory`.
    public var bodyMemoryLimit: Int = 8 << 20
    /// The directory for bodies larger than `bodyMemoryLimit`: one mode-0600 file per
    /// message, removed when the message ends.
    public var spoolDirectory: String = "/var/tmp"
    /// The maximum number of header fields of one message. Past it the message is
    /// rejected with `552 5.3.4`.
    public var maxHeaderCount: Int = 10_000
    /// The maximum total size in bytes of the names and values of one message's header
    /// fields. Past it the message is rejected with `552 5.3.4`.
    public var maxHeaderBytes: Int = 4 << 20
    /// The reply sent when a handler throws or a change cannot be applied.
    public var tempfailReply: MilterReply = .defaultTempfail
    /// How often end of message calls `smfi_progress` while the handler runs, so that the
    /// MTA keeps waiting (Postfix's `milter_content_timeout` is 300 s by default).
    public var progressInterval: Duration = .seconds(10)
    /// How long end of message keeps the MTA waiting with `smfi_progress`. After that
    /// MilterKit stops sending progress, so a handler that never returns ends in the MTA's
    /// own timeout and its default action (tempfail with the Postfix lines in Conf/).
    public var maxProgressDuration: Duration = .seconds(900)
    /// The macros requested per stage with `smfi_setsymlist`. The MTA sends these in
    /// place of its own defaults for the stage.
    public var macros: [MacroStage: [String]] = MilterConfiguration.defaultMacros

    public init() {}

    /// The default macro lists: connection facts at connect, TLS facts at HELO and again
    /// at MAIL FROM, the queue id `i` from RCPT TO on, where Postfix first has it.
    public static let defaultMacros: [MacroStage: [String]] = [
        .connect: ["j", "{daemon_name}", "{client_addr}", "{client_name}"],
        .helo: tlsMacros,
        .envelopeSender: ["i", "{auth_type}", "{auth_authen}", "{mail_addr}"] + tlsMacros,
        .envelopeRecipient: ["i", "{rcpt_addr}"],
        .endOfHeaders: ["i"],
        .endOfMessage: ["i"],
    ]

    /// `{tls_version}`, `{cipher}`, `{cipher_bits}`, `{cert_subject}`, `{cert_issuer}` and
    /// sendmail's `{verify}`.
    public static let tlsMacros = [
        "{tls_version}", "{cipher}", "{cipher_bits}", "{cert_subject}", "{cert_issuer}",
        "{verify}",
    ]

    /// Checks every value and throws the first invalid one.
    public func validate() throws(MilterError) {
        try check(!filterName.isEmpty, "milter_name", filterName, "a non-empty name")
        if let path = socket.unixPath {
            try check(
                path.utf8.count <= UnixSocketFile.maxPathLength, "milter_socket", path,
                "a unix socket path of at most \(UnixSocketFile.maxPathLength) bytes")
        }
        try check(
            unixSocketMode <= 0o777, "milter_socket_mode", String(unixSocketMode, radix: 8),
            "an octal mode from 000 to 777")
        try check(
            (1...86_400).contains(timeoutSeconds), "milter_timeout", "\(timeoutSeconds)",
            "1 to 86400 seconds")
        try check((1...65_535).contains(backlog), "milter_backlog", "\(backlog)", "1 to 65535")
        try check(
            bodyMemoryLimit >= 0, "milter_body_memory_limit", "\(bodyMemoryLimit)",
            "a size of 0 bytes or more")
        try check(
            spoolDirectory.hasPrefix("/"), "milter_spool_directory", spoolDirectory,
            "an absolute path")
        try check(
            maxHeaderCount >= 1, "milter_max_header_count", "\(maxHeaderCount)", "1 or more")
        try check(
            maxHeaderBytes >= 1024, "milter_max_header_size", "\(maxHeaderBytes)",
            "1024 bytes or more")
        try check(
            tempfailReply.isTemporary, "error_reply", tempfailReply.description,
            "a 4xx reply with a 4.x.x enhanced status code, because the client must retry, "
                + "such as '451 4.3.0 Message could not be checked; try again later'")
        try check(
            progressInterval >= .milliseconds(100), "milter_progress_interval",
            ConfigValue.durationText(progressInterval), "100ms or more")
        try check(
            maxProgressDuration >= progressInterval, "milter_max_progress_duration",
            ConfigValue.durationText(maxProgressDuration), "at least milter_progress_interval")
        for (stage, names) in macros {
            for name in names where !MilterConfiguration.isValidMacroName(name) {
                throw .invalidConfiguration(
                    key: "milter_macros (stage \(stage))", value: name,
                    allowed: "a letter such as i, or a name in braces such as {tls_version}")
            }
        }
    }

    /// The union of all requested macro names, without braces, in a stable order.
    var allMacroNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for stage in MacroStage.allCases {
            for name in macros[stage] ?? [] where seen.insert(name).inserted {
                names.append(name)
            }
        }
        return names
    }

    static func isValidMacroName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        if bytes.count == 1 { return bytes[0] > 0x20 && bytes[0] < 0x7F }
        guard bytes.count > 2, bytes.first == 0x7B, bytes.last == 0x7D else { return false }
        return bytes.dropFirst().dropLast().allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x7D }
    }

    private func check(_ condition: Bool, _ key: String, _ value: String, _ allowed: String)
        throws(MilterError)
    {
        if !condition {
            throw .invalidConfiguration(key: key, value: value, allowed: allowed)
        }
    }
}
