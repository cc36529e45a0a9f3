import Foundation
import Mail
import PluginAPI
import TLSRequirement
import Testing

/// One case of `Tests/Fixtures/received/cases.json` with its expected verdict.
struct HopCase: Sendable, CustomTestStringConvertible {
    var id: String
    var header: [UInt8]
    var tls: String
    var testDescription: String { id }
}

/// One hop of a chain fixture's `.json` file.
struct ExpectedHop: Sendable {
    var index: Int
    var fields: [String: String]
    var isInternal: Bool
}

/// A whole-header chain fixture and what the analysis must find.
struct ChainCase: Sendable, CustomTestStringConvertible {
    var name: String
    var message: [UInt8]
    var recipientOrganisation: [String]
    var hops: [ExpectedHop]
    var summary: [String: String]
    var testDescription: String { name }
}

/// Loads the fixtures of the TLS requirement tests.
enum TLSFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/received")

    static func data(_ path: String) -> Data? {
        try? Data(contentsOf: directory.appendingPathComponent(path))
    }

    static func hopCases() -> [HopCase] {
        guard let data = data("cases.json"),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = root["cases"] as? [[String: Any]]
        else {
            return []
        }
        return entries.compactMap { entry in
            guard let id = entry["id"] as? String, let header = entry["header"] as? String,
                let expect = entry["expect"] as? [String: Any], let tls = expect["tls"] as? String
            else {
                return nil
            }
            return HopCase(id: id, header: Array(header.utf8), tls: tls)
        }
    }

    static let chainNames = [
        "gmail-to-o365", "mailing-list-mixed", "postfix-amavis-dovecot-plaintext-boundary",
        "qmail-smarthost-old-sendmail",
    ]

    static func chainCases() -> [ChainCase] {
        chainNames.compactMap(chainCase)
    }

    private static func chainCase(_ name: String) -> ChainCase? {
        guard let message = data("chains/\(name).txt"), let json = data("chains/\(name).json"),
            let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
            let hops = root["hops"] as? [[String: Any]],
            let summary = root["summary"] as? [String: Any]
        else {
            return nil
        }
        return ChainCase(
            name: name, message: Array(message),
            recipientOrganisation: root["recipient_org"] as? [String] ?? [],
            hops: hops.compactMap(expectedHop), summary: summary.mapValues(text))
    }

    private static func expectedHop(_ entry: [String: Any]) -> ExpectedHop? {
        guard let index = entry["index"] as? Int, let isInternal = entry["internal"] as? Bool
        else {
            return nil
        }
        let keys = [
            "from_host", "from_ip", "by_host", "protocol", "tls", "tls_version", "cipher", "bits",
            "kind", "trust",
        ]
        var fields: [String: String] = [:]
        for key in keys { fields[key] = text(entry[key] as Any) }
        return ExpectedHop(index: index, fields: fields, isInternal: isInternal)
    }

    /// Renders a JSON value as the text the report value renders to, so both can be
    /// compared: `null`, numbers, `true`, strings without quotes, arrays as `[1,2]`.
    static func text(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let number as NSNumber where String(cString: number.objCType) == "c":
            return number.boolValue ? "true" : "false"
        case let number as NSNumber: return number.stringValue
        case let string as String: return string
        case let array as [Any]: return "[" + array.map(text).joined(separator: ",") + "]"
        default: return "null"
        }
    }

    /// Returns the Received fields of a message, topmost first, parsed.
    static func receivedHeaders(_ message: [UInt8]) -> [ReceivedHeader] {
        HeaderBlock.split(message).fields.filter { $0.hasName("Received") }
            .map(ReceivedParser.parse)
    }

    static func receivedHeaders(ofMessage path: String) -> [ReceivedHeader] {
        guard let message = data(path) else { return [] }
        return receivedHeaders(Array(message))
    }
}

extension ReportValue {
    /// The value of `key` in an object, rendered like `TLSFixtures.text`.
    func field(_ key: String) -> String? {
        guard case .object(let pairs) = self,
            let value = pairs.first(where: { $0.0 == key })?.1
        else {
            return nil
        }
        switch value {
        case .string(let text): return text
        default: return value.json
        }
    }
}
