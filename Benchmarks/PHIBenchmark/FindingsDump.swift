import Foundation
import PHIDetection

/// Writes every assessment of the corpus as one line of text, so that two builds of the
/// detector can be compared with `cmp` or `diff`: a change that makes the pass faster must
/// leave this file unchanged.
///
/// A line has the message index, `sensitive` or `clean`, the score, the kinds, every
/// finding group with its rule, count and locations (offset and length), the
/// low-confidence counts and the bytes scanned. It contains positions only, no text.
enum FindingsDump {
    static func write(_ detector: PHIDetector, _ messages: [CorpusMessage], to path: String) {
        var output = ""
        var sensitive = 0
        for (index, message) in messages.enumerated() {
            let assessment = detector.assess(text: message.text, kind: message.view)
            if assessment.isSensitive { sensitive += 1 }
            output += line(index, assessment)
            output += "\n"
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data(output.utf8))
        print(
            "findings messages=\(messages.count) sensitive=\(sensitive) "
                + "fnv1a=\(String(fnv1a(output.utf8), radix: 16)) written to \(path)")
    }

    private static func line(_ index: Int, _ assessment: PHIAssessment) -> String {
        var fields = [
            String(index), assessment.isSensitive ? "sensitive" : "clean",
            "score=\(assessment.score)",
            "kinds=" + assessment.kinds.map(\.rawValue).joined(separator: ","),
        ]
        for group in assessment.groups {
            let locations = group.locations.map { "\($0.partPath):\($0.offset)+\($0.length)" }
            fields.append(
                "\(group.rule)[\(group.kind.rawValue)]x\(group.count)="
                    + locations.joined(separator: ","))
        }
        let low = assessment.lowConfidence.sorted { $0.key < $1.key }
            .map { "\($0.key.rawValue):\($0.value)" }
        fields.append("low=" + low.joined(separator: ","))
        fields.append("bytes=\(assessment.scannedBytes)")
        return fields.joined(separator: " ")
    }

    private static func fnv1a(_ bytes: String.UTF8View) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return value
    }
}
