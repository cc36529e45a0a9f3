import Foundation
import Mail

@testable import PHIDetection

/// Access to `Tests/Fixtures/phi`: corpus messages, their decoded text views and the
/// expected results.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/phi")

    /// Names of the messages under `messages/`, without the `.eml` extension.
    static var messageNames: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(
                atPath: directory.appendingPathComponent("messages").path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func eml(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent("messages/\(name).eml")))
    }

    /// Reads `views/NAME.txt`: sections headed `=== VIEW kind part-path`.
    static func views(_ name: String) throws -> [TextView] {
        let text = try String(
            contentsOf: directory.appendingPathComponent("views/\(name).txt"), encoding: .utf8)
        var views: [TextView] = []
        var current: (kind: TextKind, path: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== VIEW ") {
                if let current { views.append(view(current)) }
                let fields = line.split(separator: " ")
                let kind = TextKind(rawValue: String(fields[2])) ?? .plain
                current = (kind, String(fields[3]), [])
            } else {
                current?.lines.append(line)
            }
        }
        if let current { views.append(view(current)) }
        return views
    }

    private static func view(_ parts: (kind: TextKind, path: String, lines: [Substring]))
        -> TextView
    {
        let text = parts.lines.joined(separator: "\n")
        return TextView(partPath: parts.path, kind: parts.kind, text: Array(text.utf8))
    }

    /// A parsed message built from the decoded views, as the MIME parser will produce it.
    static func parsedMessage(_ name: String) throws -> ParsedMessage {
        let views = try views(name)
        let headers = HeaderBlock.split(try eml(name)).fields
        let paths = Array(Set(views.map(\.partPath))).sorted()
        let parts = paths.map {
            MIMEPart(
                path: $0, contentType: "text/plain", charset: "utf-8", transferEncoding: "7bit",
                filename: nil, decodedSize: 0, scan: .scanned, headers: [])
        }
        return ParsedMessage(headers: headers, parts: parts, textViews: views, problems: [])
    }

    /// The expected verdict and identifier kinds of one message.
    struct Expectation: Decodable {
        var phi: Bool
        var identifiers: [String]
    }

    /// `expected.json` of the PHI corpus merged with `expected_bugs.json`.
    static func expectations() throws -> [String: Expectation] {
        var result: [String: Expectation] = [:]
        for file in ["expected.json", "expected_bugs.json"] {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let decoded = try JSONDecoder().decode([String: Expectation].self, from: data)
            for (key, value) in decoded {
                result[key.replacingOccurrences(of: ".eml", with: "")] = value
            }
        }
        return result
    }

    /// One detector with the default configuration, shared by the tests.
    static let detector: PHIDetector = {
        do {
            return try PHIDetector()
        } catch {
            fatalError("the default PHI detector cannot be built: \(error)")
        }
    }()
}
