import Foundation
import Mail
import Testing

/// Compares the Mail parser with Python's `email` package (policy `default`), the
/// reference MIME parser on this machine. The messages are CPython's email test messages,
/// the copied corpus, messages that Python itself generated, and every `.eml` of the
/// shared corpus when it is present. Both must find the same tree of content types, the
/// same file names, and the same decoded text for each text part other than HTML. Both
/// sides are normalised like a text view and runs of white space collapsed first.
@Suite("Differential test against Python's email package")
struct PythonDifferentialTests {
    /// Where Python is wrong, the difference found and why this parser's reading is right.
    /// The test fails when a listed difference disappears or changes, so the list stays
    /// true.
    static let knownDifferences: [String: (differences: Set<String>, reason: String)] = [
        "msg_15.txt": (
            ["types"],
            "A nested multipart reuses the outer boundary. After the nested one closes, Python "
                + "reads the rest as its epilogue and drops the image part; the next delimiter "
                + "belongs to the outer multipart, which is where the sender put the image."
        ),
        "msg_39.txt": (
            ["types"],
            "Three nested multiparts reuse one boundary. Python stops after the first and "
                + "drops four attachments; each delimiter after a closed multipart belongs to "
                + "the enclosing one, which recovers every attachment."
        ),
        "B34.eml": (
            ["text 1.1", "text 1.2"],
            "Python does not decode 'BASE64  ' with trailing spaces, nor a transfer encoding "
                + "that starts on a continuation line; both are valid after unfolding and "
                + "trimming, and mail clients decode them."
        ),
        "B35.eml": (
            ["text 1"],
            "Python's base64 decoding stops at the first '=' padding and drops the second "
                + "record; RFC 2045 says to ignore characters outside the alphabet, and "
                + "decoding every group keeps the SSN and date of birth visible."
        ),
        "B39.eml": (
            ["text 1.1"],
            "For charset 'unknown-8bit' Python replaces the byte 0xFC with U+FFFD; reading "
                + "unknown 8-bit text as windows-1252 gives the 'ü' the sender wrote."
        ),
    ]

    static var messageFiles: [String] {
        var files = Fixtures.files(in: "python", suffix: ".txt")
        files += Fixtures.files(in: "corpus", suffix: ".eml")
        files += Fixtures.files(in: "generated", suffix: ".eml")
        files += SharedCorpus.emlFiles
        return files
    }

    @Test(.enabled(if: Python.isAvailable, Python.missingMessage))
    func matchesPythonEmailPackage() throws {
        let files = Self.messageFiles
        let reference = try Python.describe(files)
        var unexpected: [String] = []
        var compared = 0
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard let entities = reference[file] else {
                unexpected.append("\(name): Python gave no result")
                continue
            }
            let message = try MessageParser.parse(contentsOfFile: file)
            let differences = DifferentialComparison.differences(message, entities)
            let expected = Self.knownDifferences[name]?.differences ?? []
            if Set(differences.keys) != expected {
                unexpected.append(
                    "\(name): expected differences \(expected.sorted()), found:\n  "
                        + differences.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                        .joined(separator: "\n  "))
            }
            compared += 1
        }
        #expect(compared >= 170, "only \(compared) messages compared")
        #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
    }
}

/// The comparison of one parsed message with Python's entities.
enum DifferentialComparison {
    /// Differences keyed by what differs (`types`, `filename 1.2`, `text 1.1`), with a
    /// description of got and want.
    static func differences(_ message: ParsedMessage, _ python: [PythonEntity]) -> [String: String]
    {
        let expected = droppingDeliveryStatusGroups(python)
        let ours = message.parts.map(\.contentType)
        let theirs = expected.map(\.contentType)
        guard ours == theirs else {
            return ["types": "got \(ours), want \(theirs)"]
        }
        var found: [String: String] = [:]
        for (part, entity) in zip(message.parts, expected) {
            if part.filename != entity.filename {
                found["filename \(part.path)"] =
                    "got \(part.filename ?? "nil"), want \(entity.filename ?? "nil")"
            }
            guard let text = entity.text else { continue }
            let got = collapse(contentText(of: part.path, in: message))
            let want = collapse(TextNormalizer.normalize(Array(text.utf8)).text)
            if got != want {
                found["text \(part.path)"] = "got \(got.prefix(80)), want \(want.prefix(80))"
            }
        }
        return found
    }

    /// Python lists each field group of a message/delivery-status body as a message of its
    /// own; RFC 3464 defines them as field groups of one body, which this parser reads as
    /// one text part. Dropping Python's extra entities compares the rest.
    static func droppingDeliveryStatusGroups(_ entities: [PythonEntity]) -> [PythonEntity] {
        var result: [PythonEntity] = []
        var skipping = false
        for entity in entities {
            if skipping && entity.contentType == "text/plain" && entity.filename == nil {
                continue
            }
            skipping = entity.contentType == "message/delivery-status"
            result.append(entity)
        }
        return result
    }

    private static func contentText(of path: String, in message: ParsedMessage) -> String {
        let skipped: Set<TextKind> = [.headers, .attachmentName, .preamble, .epilogue]
        return message.textViews(of: path).filter { !skipped.contains($0.kind) }.map(\.string)
            .joined()
    }

    private static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// One entity as Python's `Message.walk()` lists it.
struct PythonEntity {
    var contentType: String
    var filename: String?
    var text: String?
}

/// Running tests/Fixtures/mime/python_email_parts.py.
enum Python {
    static let missingMessage: Comment =
        "python3 is not on PATH: the differential test against Python's email package is skipped"

    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { executable != nil }

    static func describe(_ files: [String]) throws -> [String: [PythonEntity]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? "/usr/bin/python3")
        process.arguments = [Fixtures.url("python_email_parts.py").path] + files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var result: [String: [PythonEntity]] = [:]
        for (file, value) in object {
            guard let list = value as? [[String: Any]] else { continue }
            result[file] = list.map { entry in
                PythonEntity(
                    contentType: entry["content_type"] as? String ?? "",
                    filename: entry["filename"] as? String, text: entry["text"] as? String)
            }
        }
        return result
    }
}

/// The shared test corpus beside the repository, when it exists.
enum SharedCorpus {
    static var emlFiles: [String] {
        let root = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".eml") }.sorted()
            .map { root.appendingPathComponent($0).path }
    }
}
