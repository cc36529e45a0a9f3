import Glibc

// The tlsguard command: dispatches to one subcommand. Signal handling and every libmilter
// callback live in other files: top-level code in main.swift runs on the main actor, and a
// libmilter thread that touched its variables would race.

let status = CommandRegistry.main(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status.code)
