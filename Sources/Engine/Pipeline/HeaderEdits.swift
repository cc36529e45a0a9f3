import Mail
import PluginAPI

/// Translation of plugin header actions into concrete header edits against the header
/// fields the message arrived with.
enum HeaderEdits {
    /// Prefix of the header fields tlsguard writes. Incoming fields with this prefix are
    /// deleted before any plugin adds its own, so a sender cannot forge them.
    static let ownPrefix = "x-tlsguard-"

    static func isOwn(_ name: String) -> Bool {
        name.lowercased().hasPrefix(ownPrefix)
    }

    /// Deletes every incoming field whose name has tlsguard's prefix. Occurrences are
    /// deleted from the last to the first, so each index still names the field it named in
    /// the original header whichever way the MTA renumbers after a deletion.
    static func removingOwnFields(from headers: [HeaderField]) -> [MessageEdit] {
        var occurrences: [String: Int] = [:]
        var edits: [MessageEdit] = []
        for field in headers where isOwn(field.name) {
            let key = field.name.lowercased()
            occurrences[key, default: 0] += 1
            edits.append(.deleteHeader(name: field.name, occurrence: occurrences[key] ?? 1))
        }
        return edits.reversed()
    }

    /// Returns the edits for one plugin action, or nil for actions that do not touch
    /// header fields.
    static func edits(for action: MessageAction, headers: [HeaderField]) -> [MessageEdit]? {
        switch action {
        case .addHeader(let name, let value):
            [.addHeader(name: name, value: sanitized(value))]
        case .insertHeader(let index, let name, let value):
            [.insertHeader(index: index, name: name, value: sanitized(value))]
        case .changeHeader(let name, let occurrence, let value):
            [.changeHeader(name: name, occurrence: occurrence, value: sanitized(value))]
        case .deleteHeader(let name, let occurrence):
            [.deleteHeader(name: name, occurrence: occurrence)]
        case .tagSubject(let tag):
            subjectTagEdits(tag: sanitized(tag), headers: headers)
        default:
            nil
        }
    }

    /// Tags the first Subject field and deletes any further ones, so the delivered message
    /// has exactly one Subject and it carries the tag. Without a Subject, adds one that
    /// holds only the tag.
    static func subjectTagEdits(tag: String, headers: [HeaderField]) -> [MessageEdit] {
        let subjects = headers.filter { $0.hasName("Subject") }
        guard let first = subjects.first else {
            return [.addHeader(name: "Subject", value: tag)]
        }
        var edits: [MessageEdit] = []
        for occurrence in stride(from: subjects.count, to: 1, by: -1) {
            edits.append(.deleteHeader(name: first.name, occurrence: occurrence))
        }
        // NOTE: a raw value that is not valid UTF-8 is converted with replacement
        // characters here, so tagging changes its 8-bit bytes.
        let current = String(decoding: first.rawValue, as: UTF8.self)
        let trimmed = current.trimmingBlanks()
        if trimmed.hasPrefix(tag) {
            return edits
        }
        let value = trimmed.isEmpty ? tag : tag + " " + current
        edits.append(.changeHeader(name: first.name, occurrence: 1, value: value))
        return edits
    }

    /// Replaces CR, LF (unless it starts a fold) and NUL, so a value taken from a message
    /// or a decoded encoded-word cannot end the field and start another one.
    static func sanitized(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        var scalars = value.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            let next = scalars.next()
            switch scalar {
            case "\r", "\0":
                result.unicodeScalars.append(" ")
            case "\n":
                if next == " " || next == "\t" {
                    result.unicodeScalars.append("\n")
                } else {
                    result.unicodeScalars.append(" ")
                }
            default:
                result.unicodeScalars.append(scalar)
            }
            pending = next
        }
        return result
    }
}
