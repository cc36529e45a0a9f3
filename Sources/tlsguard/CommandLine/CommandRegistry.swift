/// The list of subcommands and the dispatch from `tlsguard WORD …` to one of them.
enum CommandRegistry {
    static var all: [any Command.Type] {
        [
            AuditCommand.self,
            CheckConfigCommand.self,
            MilterCommand.self,
            MimeCommand.self,
            PolicyCommand.self,
            ProbeCommand.self,
            ReplayCommand.self,
            TraceCommand.self,
            VersionCommand.self,
        ]
    }

    static func main(arguments: [String]) -> ExitStatus {
        var errorOutput = Output.standardError
        var output = Output.standardOutput
        defer {
            output.flush()
            errorOutput.flush()
        }
        guard let word = arguments.first else {
            output.write(overview)
            return .usage
        }
        if word == "--help" || word == "-h" || word == "help" {
            if arguments.count > 1, let command = find(arguments[1]) {
                output.write(command.help)
            } else {
                output.write(overview)
            }
            return .success
        }
        if word == "--version" || word == "-V" {
            output.line("tlsguard \(TLSGuardVersion.current)")
            return .success
        }
        guard let commandType = find(word) else {
            errorOutput.line(
                "tlsguard: unknown command '\(word)'; run 'tlsguard --help' for the list")
            return .usage
        }
        return run(commandType, arguments: Array(arguments.dropFirst()))
    }

    private static func run(_ commandType: any Command.Type, arguments: [String]) -> ExitStatus {
        var errorOutput = Output.standardError
        defer { errorOutput.flush() }
        if arguments.contains("--help") || arguments.contains("-h") {
            var output = Output.standardOutput
            output.write(commandType.help)
            output.flush()
            return .success
        }
        var list = ArgumentList(commandName: commandType.name, arguments: arguments)
        do {
            let command = try commandType.init(arguments: &list)
            return try command.run()
        } catch let error as UsageError {
            errorOutput.line("tlsguard \(error.message)")
            return .usage
        } catch {
            errorOutput.line("tlsguard \(commandType.name): \(error)")
            return .software
        }
    }

    private static func find(_ word: String) -> (any Command.Type)? {
        all.first { $0.name == word }
    }

    static var overview: String {
        var text = """
            Usage: tlsguard COMMAND [OPTIONS]

            tlsguard is a mail filter (milter) for Postfix and sendmail that keeps protected
            health information from crossing the internet in clear text.

            Commands:

            """
        let width = (all.map { $0.name.count }.max() ?? 0) + 2
        for command in all {
            text += "  " + command.name.padding(to: width) + command.summary + "\n"
        }
        text += """

            Run 'tlsguard COMMAND --help' for the options of one command.
            Options for every command: --help, and 'tlsguard --version'.

            """
        return text
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

/// `tlsguard version`: the same as `tlsguard --version`.
struct VersionCommand: Command {
    static let name = "version"
    static let summary = "Print the version of tlsguard"
    static let help = """
        Usage: tlsguard version

        Prints the version of tlsguard and exits with status 0.

        """

    init(arguments: inout ArgumentList) throws(UsageError) {
        _ = try arguments.finish()
    }

    func run() throws -> ExitStatus {
        var output = Output.standardOutput
        output.line("tlsguard \(TLSGuardVersion.current)")
        output.flush()
        return .success
    }
}
