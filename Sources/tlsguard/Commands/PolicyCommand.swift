import AutoEncryptRedirect
import Glibc

/// `tlsguard policy export --postfix`: write a Postfix TLS policy table for the domains
/// whose TLS tlsguard confirmed.
struct PolicyCommand: Command {
    static let name = "policy"
    static let summary = "Export confirmed recipient TLS as a Postfix smtp_tls_policy_maps table"
    static let help = """
        Usage: tlsguard policy export --postfix [OPTIONS]

        Writes a table for Postfix's smtp_tls_policy_maps with a mandatory TLS level for
        every recipient domain whose TLS tlsguard has confirmed: the domains in
        auto_encrypt_tls_overrides with a level of encrypt or stronger, and the domains
        in the check cache (auto_encrypt_cache_file) that have not expired. Levels are
        encrypt for servers that do STARTTLS, dane-only for DANE (also for an override of
        dane, whose Postfix meaning falls back to opportunistic TLS without TLSA records),
        secure with match= for MTA-STS in enforce mode, and verify or secure when an
        override says so. An override of fingerprint is left out with a warning, because
        without match= Postfix defers all mail to it. Domains
        of the tables in auto_encrypt_postfix_policy_maps are left out, because Postfix
        already reads those. The cache never contains results of 'tlsguard probe' run
        with --resolver, --mx, --port or --ca-file, because those describe test
        servers.

        With the table in smtp_tls_policy_maps, Postfix refuses clear text to these
        domains for all mail, so a downgrade attack that strips STARTTLS makes delivery
        defer instead. Run 'postmap' on the file after each export.

        Options:
          --postfix         Write Postfix's format (required; the only format).
          --config FILE     Configuration file (default /etc/tlsguard/tlsguard.conf);
                            only the auto_encrypt_* keys are read.
          --output FILE     Write to FILE (replaced atomically) instead of standard
                            output.
          --minimum LEVEL   encrypted (default) or verified: the weakest assurance
                            that is exported.

        Exit status:
          0   the table was written
          64  wrong usage
          74  FILE could not be written
          78  the configuration is invalid

        """

    let configPath: String?
    let outputPath: String?
    let minimum: String

    init(arguments: inout ArgumentList) throws(UsageError) {
        configPath = try arguments.option("config")
        outputPath = try arguments.option("output")
        minimum = try arguments.option("minimum") ?? "encrypted"
        let postfix = arguments.flag("postfix")
        let words = try arguments.finish()
        guard words == ["export"] else {
            throw UsageError("policy: expected 'policy export --postfix'")
        }
        guard postfix else {
            throw UsageError("policy export: missing --postfix, the only format")
        }
        guard minimum == "encrypted" || minimum == "verified" else {
            throw UsageError(
                "policy export: invalid --minimum '\(minimum)'; expected encrypted or verified")
        }
    }

    func run() throws -> ExitStatus {
        guard let configuration = OutboundConfiguration.load(path: configPath, command: Self.name)
        else {
            return .configuration
        }
        let text: String
        do {
            let inspector = try OutboundInspector(configuration: configuration)
            let table = try inspector.postfixPolicyTable(minimum: minimum)
            text = table.text
            for warning in table.warnings {
                OutboundConfiguration.report("warning: " + warning, command: Self.name)
            }
        } catch {
            OutboundConfiguration.report("\(error)", command: Self.name)
            return .configuration
        }
        guard let outputPath else {
            var output = Output.standardOutput
            output.write(text)
            output.flush()
            return .success
        }
        return write(text, to: outputPath)
    }

    private func write(_ text: String, to path: String) -> ExitStatus {
        let temporary = path + ".tmp"
        let bytes = Array(text.utf8)
        guard let stream = fopen(temporary, "w") else {
            OutboundConfiguration.report(
                "cannot write \(temporary): \(String(cString: strerror(errno)))",
                command: Self.name)
            return .ioError
        }
        let written = fwrite(bytes, 1, bytes.count, stream)
        guard fclose(stream) == 0, written == bytes.count, rename(temporary, path) == 0 else {
            OutboundConfiguration.report(
                "cannot write \(path): \(String(cString: strerror(errno)))", command: Self.name)
            return .ioError
        }
        return .success
    }
}
