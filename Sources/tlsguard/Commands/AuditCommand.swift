import Engine
import PluginAPI

/// `tlsguard audit`: check the audit trail for sensitive mail delivered without protection.
struct AuditCommand: Command {
    static let name = "audit"
    static let summary = "Check the audit trail for PHI delivered without protection"
    static let help = """
        Usage: tlsguard audit [FILE...]

        Reads audit trail files (the JSON lines that the milter writes to audit_log,
        default /var/log/tlsguard/audit.jsonl) and checks every message that was sensitive:
        a message whose PHI verdict is yes, or that a plugin marked SENSITIVE (a [secure]
        trigger, content that could not be scanned).

        For each recipient of such a message, the action must protect it: enforce_tls
        (Postfix delivers only over TLS or defers), encrypt (S/MIME), redirect (to the
        encryption gateway), hold or reject, or the message as a whole was rejected,
        tempfailed, discarded or quarantined. Every other recipient is listed as an
        exposure with its time, queue id, action and the rule that decided it.

        Prints a summary: records read, sensitive messages, the actions taken for their
        recipients, and the exposures, each as FILE:LINE. With no FILE, reads the
        default audit trail; '-' reads standard input.

        A line that is not JSON, has no verdict, or has a field of the wrong type (such
        as "phi":"yes" where the milter writes true or false) is listed as a bad line.

        Exit status:
          0   no sensitive message went to a recipient without protection
          1   at least one exposure (listed)
          65  a line is not an audit record (listed as FILE:LINE)
          66  a file could not be read

        """

    let paths: [String]

    init(arguments: inout ArgumentList) throws(UsageError) {
        let given = try arguments.finish()
        paths = given.isEmpty ? ["/var/log/tlsguard/audit.jsonl"] : given
    }

    func run() throws -> ExitStatus {
        var output = Output.standardOutput
        var errors = Output.standardError
        defer {
            output.flush()
            errors.flush()
        }
        var check = AuditCheck()
        var unreadable = false
        for path in paths {
            do {
                let text = String(decoding: try Self.read(path), as: UTF8.self)
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
                    .enumerated()
                {
                    check.add(line: line, number: index + 1, file: path)
                }
            } catch {
                errors.line("tlsguard audit: \(error)")
                unreadable = true
            }
        }
        report(check, to: &output, errors: &errors)
        if unreadable { return .noInput }
        if !check.malformed.isEmpty { return .dataError }
        return check.exposures.isEmpty ? .success : .failure
    }

    /// Reads `path`, or standard input for `-` through `/dev/stdin`, naming `-` in errors.
    private static func read(_ path: String) throws(FileReadError) -> [UInt8] {
        guard path == "-" else { return try FileContents.read(path) }
        do {
            return try FileContents.read("/dev/stdin")
        } catch {
            throw FileReadError(path: "- (standard input)", reason: error.reason)
        }
    }

    private func report(_ check: AuditCheck, to output: inout Output, errors: inout Output) {
        for problem in check.malformed {
            errors.line("tlsguard audit: \(problem.file):\(problem.line): \(problem.reason)")
        }
        output.line("records: \(check.records)")
        output.line("sensitive messages: \(check.sensitiveRecords)")
        let actions = check.sensitiveActions.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        output.line("actions for their recipients: \(actions.isEmpty ? "none" : actions)")
        output.line("exposures: \(check.exposures.count)")
        for exposure in check.exposures {
            output.line(
                "  \(exposure.file):\(exposure.line): \(exposure.time ?? "-") "
                    + "\(exposure.queueID ?? "NOQUEUE") "
                    + "to=<\(exposure.recipient)> action=\(exposure.action) "
                    + "rule=\(exposure.rule ?? "-")")
        }
    }
}
