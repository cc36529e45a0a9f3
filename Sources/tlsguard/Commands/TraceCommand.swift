import Glibc
import Mail
import PluginAPI
import TLSRequirement

/// `tlsguard trace FILE|-`: prints the Received chain of a stored message hop by hop and
/// concludes whether it crossed the internet in clear text.
struct TraceCommand: Command {
    static let name = "trace"
    static let summary =
        "Show a message's Received chain and whether it crossed the internet in clear"
    static let help = """
        Usage: tlsguard trace [OPTIONS] FILE|-

        Reads a message, or only its header, from FILE or from standard input (-) and prints
        its Received chain oldest hop first, one row per hop: client → server, time in UTC,
        protocol, TLS version, cipher and key bits, the verdict (encrypted, clear or
        unknown), whether the hop was internal, and who wrote the line. Notes say why each
        hop got its verdict, and a one-sentence conclusion follows.

        A line that states TLS is encrypted. A line without TLS facts is clear only when the
        hop stayed on one host or its writer is known to record TLS whenever it is used;
        otherwise it is unknown. Internal hops are reported but never counted as internet
        hops. The topmost Received line is taken as written by the receiving organisation,
        as in a delivered message; lines below the hop into that organisation are the
        sender's claims.

        Options:
          --json                 Print one JSON object: "hops" (oldest first), "conclusion"
                                 and "summary".
          --internal-domain D    A domain of the receiving organisation; hosts in it and its
                                 subdomains are internal. Repeatable. Default: the registered
                                 domain of the topmost line's by host.
          --internal-network N   A network of the receiving organisation in CIDR notation,
                                 such as 192.0.2.0/24. Repeatable.
          --public-private-addresses
                                 Count clients at private and link-local addresses as
                                 internet hops. By default they are internal.
          --signatures FILE      A signature file tried before the built-in signatures.
                                 Repeatable.
          --value                Read the input as the value of one Received field instead
                                 of a message.

        Exit status: 0 when the chain was printed, 64 for a usage error, 65 when the input is
        not a message header, 66 when FILE cannot be read, 78 for an invalid signature file.

        """

    /// Maximum input size read; a message header is far smaller.
    static let maxInputSize = 64 << 20

    /// Header limits that keep every field of the input. The parser's defaults drop fields
    /// past 1 MiB, and a trace without the oldest lines would miss the hops they record.
    static var splitLimits: MIMELimits {
        var limits = MIMELimits()
        limits.maxHeaderFields = maxInputSize
        limits.maxHeaderBytes = maxInputSize
        return limits
    }

    let path: String
    let printsJSON: Bool
    let domains: [String]
    let networks: [IPNetwork]
    let privateAddressesAreInternal: Bool
    let signatureFiles: [String]
    let readsOneValue: Bool

    init(arguments: inout ArgumentList) throws(UsageError) {
        printsJSON = arguments.flag("json")
        readsOneValue = arguments.flag("value")
        privateAddressesAreInternal = !arguments.flag("public-private-addresses")
        domains = try arguments.options("internal-domain")
        var networks: [IPNetwork] = []
        for text in try arguments.options("internal-network") {
            guard let network = IPNetwork(text) else {
                throw UsageError(
                    "trace: invalid network '\(text)' for --internal-network; expected CIDR "
                        + "notation such as 192.0.2.0/24 or 2001:db8::/32")
            }
            networks.append(network)
        }
        self.networks = networks
        signatureFiles = try arguments.options("signatures")
        let positionals = try arguments.finish()
        guard positionals.count == 1 else {
            throw UsageError("trace: expected one FILE or - for standard input; see --help")
        }
        path = positionals[0]
    }

    func run() throws -> ExitStatus {
        var errorOutput = Output.standardError
        defer { errorOutput.flush() }
        guard let input = readInput() else {
            errorOutput.line(
                "tlsguard trace: cannot read \(path): \(String(cString: strerror(errno)))")
            return .noInput
        }
        let headers = receivedHeaders(in: input)
        guard readsOneValue || !headers.isEmpty || HeaderBlock.split(input).fields.count > 0 else {
            errorOutput.line(
                "tlsguard trace: \(path) has no message header; use --value for one Received value")
            return .dataError
        }
        let signatures: SignatureSet
        do {
            signatures = try SignatureSet.loading(files: signatureFiles)
        } catch {
            errorOutput.line("tlsguard trace: \(error)")
            return .configuration
        }
        let chain = analyze(headers, signatures: signatures)
        var output = Output.standardOutput
        output.write(printsJSON ? json(chain) : text(chain, headers: headers))
        output.flush()
        return .success
    }

    private func readInput() -> [UInt8]? {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < TraceCommand.maxInputSize {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    private func receivedHeaders(in input: [UInt8]) -> [ReceivedHeader] {
        if readsOneValue {
            var value = input[...]
            while let last = value.last, last == 0x0A || last == 0x0D { value = value.dropLast() }
            return [ReceivedParser.parse(Array(value))]
        }
        return HeaderBlock.split(input, limits: TraceCommand.splitLimits).fields
            .filter { $0.hasName("Received") }
            .map(ReceivedParser.parse)
    }

    /// The organisation: the given domains and networks, or else the registered domain of
    /// the topmost line's by host.
    private func organisation(for headers: [ReceivedHeader]) -> (OrganisationScope, derived: Bool) {
        var names = domains
        let derived = names.isEmpty && networks.isEmpty
        if derived, let host = headers.first?.by?.host,
            let domain = DomainName.registeredDomain(of: host)
        {
            names = [domain]
        }
        let scope = OrganisationScope(
            domains: names, networks: networks,
            privateAddressesAreInternal: privateAddressesAreInternal)
        return (scope, derived)
    }

    private func analyze(_ headers: [ReceivedHeader], signatures: SignatureSet) -> ReceivedChain {
        let (scope, derived) = organisation(for: headers)
        let analyzer = ReceivedChainAnalyzer(
            classifier: HopClassifier(signatures: signatures), organisation: scope)
        return analyzer.analyze(
            headers: headers, newestHeaderIsOurs: derived || isOurs(headers.first?.by, scope))
    }

    /// Returns true when the server that wrote a line is in the given domains or networks.
    private func isOurs(_ server: ReceivedBy?, _ scope: OrganisationScope) -> Bool {
        if let host = server?.host, scope.contains(host: host) { return true }
        guard let address = server?.address else { return false }
        return scope.networks.contains { $0.contains(address) }
    }

    private func json(_ chain: ReceivedChain) -> String {
        let object = ReportValue.object([
            ("hops", ChainReport.hops(chain)),
            ("conclusion", .string(chain.conclusion)),
            ("summary", ChainReport.summary(chain)),
        ])
        return object.json + "\n"
    }

    private func text(_ chain: ReceivedChain, headers: [ReceivedHeader]) -> String {
        let (scope, derived) = organisation(for: headers)
        let count = headers.count == 1 ? "1 Received line" : "\(headers.count) Received lines"
        var organisationText = scope.domains.joined(separator: ", ")
        if organisationText.isEmpty {
            organisationText = "none given"
        } else if derived {
            organisationText += ", taken from the topmost line"
        }
        return "Received chain, oldest hop first (\(count); receiving organisation: "
            + organisationText + ")\n\n" + ChainTable.render(chain)
    }
}
