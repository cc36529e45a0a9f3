import Foundation
import Mail

/// Access to the files under Tests/Fixtures/mime.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mime")

    static func url(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }

    static func bytes(atPath path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Paths of the files in a fixture folder whose names end in `suffix`, sorted.
    static func files(in folder: String, suffix: String) -> [String] {
        let folderURL = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folderURL.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map {
            folderURL.appendingPathComponent($0).path
        }
    }

    static func parse(_ name: String) throws -> ParsedMessage {
        MessageParser.parse(message: try bytes(name))
    }
}

extension ParsedMessage {
    /// Every text view joined, as a detector reading all of them would see the message.
    var allText: String {
        textViews.map(\.string).joined(separator: "\n")
    }

    /// Text of the views of the part at `path` in the primary reading, joined.
    func text(of path: String) -> String {
        textViews(of: path).map(\.string).joined(separator: "\n")
    }

    var contentTypes: [String] { parts.map(\.contentType) }
    var paths: [String] { parts.map(\.path) }
    var problemKinds: [ProblemKind] { problems.map(\.kind) }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
