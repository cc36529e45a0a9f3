/// One subcommand of `tlsguard`: `milter`, `replay`, `mime`, `trace`, and so on.
///
/// A command parses its arguments in `init` (throwing `UsageError` for anything wrong)
/// and does its work in `run`, which returns the process exit status. Keeping the two
/// apart lets `--help` and usage errors exit before any work starts.
protocol Command {
    /// The word after `tlsguard`.
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// The full help text: synopsis, description, options with units, exit status.
    static var help: String { get }

    init(arguments: inout ArgumentList) throws(UsageError)

    func run() throws -> ExitStatus
}

/// Exit statuses from sysexits.h, which Postfix and sendmail tools also use.
struct ExitStatus: Equatable, Sendable {
    let code: Int32

    static let success = ExitStatus(code: 0)
    static let failure = ExitStatus(code: 1)
    /// Some input could not be read or was not valid.
    static let dataError = ExitStatus(code: 65)
    static let noInput = ExitStatus(code: 66)
    static let usage = ExitStatus(code: 64)
    static let software = ExitStatus(code: 70)
    static let ioError = ExitStatus(code: 74)
    /// The configuration is invalid.
    static let configuration = ExitStatus(code: 78)
}

/// A mistake on the command line; the message says what is wrong and what is expected.
struct UsageError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
