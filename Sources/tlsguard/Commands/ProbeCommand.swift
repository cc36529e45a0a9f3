import AutoEncryptRedirect
import Engine
import Glibc
import PluginAPI

/// `tlsguard probe DOMAIN`: check a recipient domain's TLS now and print what was learned
/// and from where.
struct ProbeCommand: Command {
    static let name = "probe"
    static let summary = "Check a recipient domain's TLS (MX, DANE, MTA-STS, STARTTLS)"
    static let help = """
        Usage: tlsguard probe [OPTIONS] DOMAIN...

        Checks each DOMAIN the way the auto_encrypt_redirect plugin does before it lets
        a message with protected health information go there: it reads the Postfix TLS
        policy table and tlsguard's overrides, looks up the MX hosts, their TLSA records
        (DANE) and the domain's MTA-STS policy, and connects to the MX hosts with
        STARTTLS. It prints the conclusion (verified, encrypted, opportunistic, none or
        unknown), the Postfix level a sensitive message would be routed with, and every
        source's statement. The result is stored in the plugin's cache file
        (auto_encrypt_cache_file), where the milter and 'tlsguard policy export' find
        it.

        --resolver, --mx, --port and --ca-file point the checks at test servers or
        trust anchors instead of the configured ones. A result found with any of them
        describes those servers, not the domain, so it is printed but never written to
        the cache file. The 'cache:' line of the output (cache_file in JSON) says
        where the result went. With auto_encrypt_probe = no, no MX host is contacted and
        a note says so; the conclusion then rests on the other sources.

        DOMAIN must be a domain name: letters, digits, hyphens and dots, with an
        internationalised name in its xn-- form.

        Options:
          --config FILE     Configuration file (default /etc/tlsguard/tlsguard.conf);
                            only the auto_encrypt_* keys are read.
          --resolver ADDR   DNS resolver as IPv4 ADDRESS or ADDRESS:PORT, instead of
                            auto_encrypt_resolver. The result is not stored.
          --mx HOST         Probe HOST instead of the domain's MX hosts. The result is
                            not stored.
          --port N          SMTP port of the MX hosts (default auto_encrypt_probe_port,
                            25); also the port in TLSA names. The result is not stored.
          --timeout TIME    Time per host, such as 10s (default
                            auto_encrypt_probe_timeout).
          --ca-file FILE    CA bundle for MX and MTA-STS certificates, instead of
                            auto_encrypt_probe_ca_file and auto_encrypt_mta_sts_ca_file.
                            The result is not stored.
          --json            Print one JSON object per domain.

        Exit status:
          0   every domain was checked (whatever the result)
          64  wrong usage
          78  the configuration is invalid

        """

    let configPath: String?
    let overrides: OutboundInspector.Overrides
    let json: Bool
    let domains: [String]

    init(arguments: inout ArgumentList) throws(UsageError) {
        configPath = try arguments.option("config")
        var overrides = OutboundInspector.Overrides()
        overrides.resolver = try arguments.option("resolver")
        if let resolver = overrides.resolver,
            !OutboundInspector.Overrides.isValidResolver(resolver)
        {
            throw UsageError(
                "probe: invalid --resolver '\(resolver)'; use an IPv4 address with an optional "
                    + "port, such as 127.0.0.1 or 127.0.0.1:5353")
        }
        overrides.mxHost = try arguments.option("mx")
        overrides.port = try arguments.integerOption("port", in: 1...65535)
        if let text = try arguments.option("timeout") {
            do {
                guard case .duration(let timeout) = try ConfigValueType.duration.parse(text)
                else { throw UsageError("probe: invalid --timeout '\(text)'") }
                overrides.timeout = timeout
            } catch {
                throw UsageError("probe: invalid --timeout: \(error)")
            }
        }
        overrides.caFile = try arguments.option("ca-file")
        self.overrides = overrides
        json = arguments.flag("json")
        domains = try arguments.finish()
        guard !domains.isEmpty else {
            throw UsageError("probe: missing DOMAIN; run 'tlsguard probe --help' for the usage")
        }
        for domain in domains {
            if let problem = DomainNameSyntax.problem(in: domain) {
                throw UsageError("probe: invalid domain '\(domain)': \(problem)")
            }
        }
    }

    func run() throws -> ExitStatus {
        guard let configuration = OutboundConfiguration.load(path: configPath, command: Self.name)
        else {
            return .configuration
        }
        let inspector: OutboundInspector
        do {
            inspector = try OutboundInspector(configuration: configuration, overrides: overrides)
        } catch {
            OutboundConfiguration.report("\(error)", command: Self.name)
            return .configuration
        }
        var output = Output.standardOutput
        defer { output.flush() }
        for (index, domain) in domains.enumerated() {
            let summary = inspector.probe(domain)
            if json {
                output.line(summary.json)
                continue
            }
            if index > 0 { output.line() }
            for line in summary.lines { output.line(line) }
        }
        return .success
    }
}

/// The auto_encrypt_redirect plugin's configuration as the `probe` and `policy` commands
/// read it: the `auto_encrypt_*` keys of the configuration file over their defaults.
enum OutboundConfiguration {
    /// Returns the plugin configuration, or nil after printing every problem.
    static func load(path: String?, command: String) -> PluginConfiguration? {
        let descriptor = AutoEncryptRedirectPlugin.descriptor
        let chosen = path ?? ConfigurationLoader.defaultPath
        var values: [String: String] = [:]
        if path != nil || access(chosen, F_OK) == 0 {
            guard let file = readFile(chosen, command: command) else { return nil }
            for entry in file.entries where entry.key.hasPrefix("auto_encrypt_") {
                values[entry.key] = entry.value
            }
        }
        do {
            return try PluginConfiguration(descriptor: descriptor, overrides: values)
        } catch {
            report("\(chosen): \(error)", command: command)
            return nil
        }
    }

    private static func readFile(_ path: String, command: String) -> ConfigFile? {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path)
        } catch {
            report("\(path): cannot be read: \(error.reason)", command: command)
            return nil
        }
        do {
            return try ConfigFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        } catch {
            report("\(error)", command: command)
            return nil
        }
    }

    static func report(_ message: String, command: String) {
        var errors = Output.standardError
        errors.line("tlsguard \(command): \(message)")
        errors.flush()
    }
}
