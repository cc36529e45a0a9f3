/// The reports of `tlsguard mime`: the part tree as text or JSON, optionally with the text
/// views exactly as scanners see them.
public enum MIMEReport {
    /// Renders the part tree, one line per part indented by depth, then the problems. With
    /// `includeText`, every text view follows.
    public static func text(_ message: ParsedMessage, includeText: Bool) -> String {
        var lines: [String] = []
        let pathWidth = max(message.parts.map(\.path.count).max() ?? 1, 4)
        for part in message.parts {
            lines.append(treeLine(part, pathWidth: pathWidth))
        }
        if !message.problems.isEmpty {
            lines.append("")
            lines.append("problems:")
            for problem in message.problems {
                lines.append(
                    "  \(problem.partPath ?? "-"): \(problem.kind.rawValue): \(problem.detail)")
            }
        }
        for reading in message.alternativeReadings {
            lines.append("")
            lines.append("alternative reading of \(reading.partPath): \(reading.reading)")
            for part in reading.parts {
                lines.append(treeLine(part, pathWidth: pathWidth))
            }
        }
        let unscanned = message.unscannedContent
        if !unscanned.isEmpty {
            lines.append("")
            lines.append("unscanned content:")
            lines += unscanned.map(unscannedLine)
        }
        if includeText {
            for view in message.textViews {
                lines.append("")
                var title = "--- \(view.partPath) \(view.kind.rawValue)"
                if let reading = view.reading { title += " (\(reading))" }
                lines.append(title)
                lines.append(view.string)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `  1.3: unknown transfer encoding`, with the reading for an alternative reading.
    private static func unscannedLine(_ entry: UnscannedContent) -> String {
        var line = "  \(entry.partPath): \(entry.notScannedReason?.description ?? entry.reason)"
        if let reading = entry.reading { line += " (\(reading))" }
        return line
    }

    private static func treeLine(_ part: MIMEPart, pathWidth: Int) -> String {
        let indent = String(repeating: "  ", count: part.depth)
        var fields = [indent + part.contentType]
        if let charset = part.charset { fields.append("charset=\(charset)") }
        fields.append(part.transferEncoding)
        if let filename = part.filename { fields.append("filename=\"\(filename)\"") }
        if let detected = part.detectedType, detected != part.contentType {
            fields.append("content=\(detected)")
        }
        fields.append("\(part.decodedSize) bytes")
        fields.append(statusText(part.scan))
        let path = part.path + String(repeating: " ", count: max(pathWidth - part.path.count, 0))
        return path + "  " + fields.joined(separator: "  ")
    }

    private static func statusText(_ status: ScanStatus) -> String {
        switch status {
        case .scanned: "scanned"
        case .container: "container"
        case .notScanned(let reason):
            "NOT SCANNED: \(NotScannedReason(rawValue: reason)?.description ?? reason)"
        }
    }

    /// Renders one JSON object with `parts` in depth-first order, `problems`,
    /// `alternative_readings` and `unscanned`. With `includeText`, each part also has
    /// `text` (its content view) and `text_views` (all its views).
    public static func json(_ message: ParsedMessage, includeText: Bool) -> String {
        var json = JSONText()
        json.raw("{\n  \"parts\": [")
        json.raw(partsJSON(message.parts, views: message.textViews, includeText: includeText))
        json.raw("],\n  \"problems\": [")
        json.raw(message.problems.map(problemJSON).joined(separator: ", "))
        json.raw("],\n  \"alternative_readings\": [")
        let readings = message.alternativeReadings.map { reading in
            let views = message.textViews.filter { $0.reading == reading.reading }
            return "{\"path\": \(JSONText.quoted(reading.partPath)), \"reading\": "
                + "\(JSONText.quoted(reading.reading)), \"parts\": ["
                + partsJSON(reading.parts, views: views, includeText: includeText) + "]}"
        }
        json.raw(readings.joined(separator: ", "))
        json.raw("],\n  \"unscanned\": [")
        json.raw(message.unscannedContent.map(unscannedJSON).joined(separator: ", "))
        json.raw("]\n}\n")
        return json.output
    }

    private static func partsJSON(_ parts: [MIMEPart], views: [TextView], includeText: Bool)
        -> String
    {
        parts.map { part in
            partJSON(
                part, views: views.filter { $0.partPath == part.path }, includeText: includeText)
        }.joined(separator: ",")
    }

    private static func partJSON(_ part: MIMEPart, views: [TextView], includeText: Bool) -> String {
        var fields = [
            "\"path\": \(JSONText.quoted(part.path))",
            "\"content_type\": \(JSONText.quoted(part.contentType))",
            "\"charset\": \(JSONText.optional(part.charset))",
            "\"transfer_encoding\": \(JSONText.quoted(part.transferEncoding))",
            "\"filename\": \(JSONText.optional(part.filename))",
            "\"decoded_size\": \(part.decodedSize)",
            "\"detected_type\": \(JSONText.optional(part.detectedType))",
        ]
        switch part.scan {
        case .scanned:
            fields.append("\"scanned\": true")
        case .container:
            fields.append("\"scanned\": true")
            fields.append("\"container\": true")
        case .notScanned(let reason):
            fields.append("\"scanned\": false")
            fields.append("\"reason\": \(JSONText.quoted(reason))")
        }
        if includeText {
            let content = views.first { !nonContentKinds.contains($0.kind) }
            fields.append("\"text\": \(JSONText.optional(content?.string))")
            let list = views.map { view in
                "{\"kind\": \(JSONText.quoted(view.kind.rawValue)), \"text\": "
                    + "\(JSONText.quoted(view.string))}"
            }
            fields.append("\"text_views\": [" + list.joined(separator: ", ") + "]")
        }
        return "\n    {" + fields.joined(separator: ", ") + "}"
    }

    private static let nonContentKinds: Set<TextKind> = [
        .headers, .attachmentName, .preamble, .epilogue,
    ]

    private static func unscannedJSON(_ entry: UnscannedContent) -> String {
        "\n    {\"path\": \(JSONText.quoted(entry.partPath)), \"reason\": "
            + "\(JSONText.quoted(entry.reason)), \"reading\": \(JSONText.optional(entry.reading))}"
    }

    private static func problemJSON(_ problem: ParseProblem) -> String {
        "\n    {\"path\": \(JSONText.optional(problem.partPath)), \"kind\": "
            + "\(JSONText.quoted(problem.kind.rawValue)), \"detail\": "
            + "\(JSONText.quoted(problem.detail))}"
    }
}
