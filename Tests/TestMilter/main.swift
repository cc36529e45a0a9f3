import Foundation
import Logging
import MilterKit

// milterkit-test-milter: a milter for MilterKit's own tests. Its handler records what
// each session saw into JSON files and applies the changes that the message requests in
// X-Test-Action headers. See ScriptedHandler.swift.

let status = TestMilterMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
