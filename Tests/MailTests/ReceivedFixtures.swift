import Foundation
import Mail
import Testing

/// One case of `Tests/Fixtures/received/cases.json`: a Received value and the facts a
/// parser must read from it.
struct ReceivedCase: Sendable, CustomTestStringConvertible {
    var id: String
    var header: [UInt8]
    var fromHost: String?
    var fromIP: String?
    var byHost: String?
    var protocolName: String?
    /// `yes`, `no` or `unknown`.
    var tls: String
    var tlsVersion: String?
    var cipher: String?
    var bits: Int?

    var testDescription: String { id }
}

/// Loads the fixtures that the Received parser tests share.
enum ReceivedFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/received")

    static func cases() -> [ReceivedCase] {
        let url = directory.appendingPathComponent("cases.json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = root["cases"] as? [[String: Any]]
        else {
            return []
        }
        return entries.compactMap(makeCase)
    }

    private static func makeCase(_ entry: [String: Any]) -> ReceivedCase? {
        guard let id = entry["id"] as? String, let header = entry["header"] as? String,
            let expect = entry["expect"] as? [String: Any], let tls = expect["tls"] as? String
        else {
            return nil
        }
        return ReceivedCase(
            id: id, header: Array(header.utf8), fromHost: expect["from_host"] as? String,
            fromIP: expect["from_ip"] as? String, byHost: expect["by_host"] as? String,
            protocolName: expect["protocol"] as? String, tls: tls,
            tlsVersion: expect["tls_version"] as? String, cipher: expect["cipher"] as? String,
            bits: expect["bits"] as? Int)
    }
}

extension ReceivedFixtures {
    /// Returns the raw values of the Received fields of a fixture message, topmost first.
    static func receivedValues(ofMessage path: String) -> [[UInt8]] {
        let url = directory.appendingPathComponent(path)
        guard let data = try? Data(contentsOf: url) else { return [] }
        return HeaderBlock.split(Array(data)).fields.filter { $0.hasName("Received") }
            .map(\.rawValue)
    }
}
