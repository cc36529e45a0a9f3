/// The arguments of one subcommand, consumed as the command's `init` reads them.
///
/// Options are `--name VALUE`, `--name=VALUE` or flags `--name`; `--` ends options; a
/// lone `-` is a positional argument (standard input). Whatever is left when the command
/// calls `finish()` is an error that names the unknown option.
struct ArgumentList {
    private var remaining: [String]
    let commandName: String

    init(commandName: String, arguments: [String]) {
        self.commandName = commandName
        self.remaining = arguments
    }

    /// True when `--name` (or `-short`) is present; removes it.
    mutating func flag(_ name: String, short: String? = nil) -> Bool {
        var found = false
        remaining.removeAll { argument in
            let matches = argument == "--" + name || (short.map { argument == "-" + $0 } ?? false)
            if matches { found = true }
            return matches
        }
        return found
    }

    /// The value of the last `--name VALUE` or `--name=VALUE`; removes every occurrence.
    mutating func option(_ name: String, short: String? = nil) throws(UsageError) -> String? {
        try options(name, short: short).last
    }

    /// Every value of a repeatable option, in order; removes them.
    mutating func options(_ name: String, short: String? = nil) throws(UsageError) -> [String] {
        var values: [String] = []
        var kept: [String] = []
        var index = 0
        let long = "--" + name
        while index < remaining.count {
            let argument = remaining[index]
            if argument == "--" {
                kept.append(contentsOf: remaining[index...])
                break
            }
            if argument.hasPrefix(long + "=") {
                values.append(String(argument.dropFirst(long.count + 1)))
            } else if argument == long || (short.map { argument == "-" + $0 } ?? false) {
                guard index + 1 < remaining.count else {
                    throw UsageError("\(commandName): option \(argument) requires a value")
                }
                values.append(remaining[index + 1])
                index += 1
            } else {
                kept.append(argument)
            }
            index += 1
        }
        remaining = kept
        return values
    }

    /// Parses an option's value as an integer within `range`.
    mutating func integerOption(_ name: String, in range: ClosedRange<Int>) throws(UsageError)
        -> Int?
    {
        guard let text = try option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "\(commandName): invalid value '\(text)' for --\(name); expected an integer "
                    + "from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Returns the positional arguments and checks that nothing else is left. Call it last.
    mutating func finish() throws(UsageError) -> [String] {
        var positionals: [String] = []
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == "--" {
                positionals.append(contentsOf: remaining[(index + 1)...])
                break
            }
            if argument.hasPrefix("-") && argument != "-" {
                throw UsageError(
                    "\(commandName): unknown option \(argument); "
                        + "run 'tlsguard \(commandName) --help' for the options")
            }
            positionals.append(argument)
            index += 1
        }
        remaining = []
        return positionals
    }
}
