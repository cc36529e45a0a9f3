import Mail
import PluginAPI

/// Builds the bytes of a message copy: the header fields with the copy's actions applied,
/// then the body, with CRLF line ends as SMTP requires.
enum MessageAssembler {
    /// Applies the header and body actions; envelope actions are ignored because the
    /// copy's envelope is given apart. Throws when a replacement body is a spool file that
    /// cannot be read, so that no copy goes out with the wrong body.
    static func assemble(headers: [HeaderField], body: [UInt8], actions: [MessageAction])
        throws(SMIMEError) -> [UInt8]
    {
        var fields = headers
        var content = body
        for action in actions {
            if case .replaceBody(let replacement) = action {
                content = try bodyBytes(replacement)
                continue
            }
            apply(action, to: &fields)
        }
        var message: [UInt8] = []
        for field in fields {
            message += Array(field.name.utf8) + Array(": ".utf8)
            message += crlfLines(field.rawValue) + [0x0D, 0x0A]
        }
        message += [0x0D, 0x0A]
        message += crlfLines(content)
        return message
    }

    /// Applies one header action; body and envelope actions are handled by `assemble`.
    /// Values that the action sets are folded by `HeaderFolder`.
    static func apply(_ action: MessageAction, to fields: inout [HeaderField]) {
        switch action {
        case .addHeader(let name, let value):
            fields.append(
                HeaderField(name: name, rawValue: HeaderFolder.rawValue(value, name: name)))
        case .insertHeader(let index, let name, let value):
            fields.insert(
                HeaderField(name: name, rawValue: HeaderFolder.rawValue(value, name: name)),
                at: min(max(index, 0), fields.count))
        case .changeHeader(let name, let occurrence, let value):
            if let index = index(of: name, occurrence: occurrence, in: fields) {
                fields[index].rawValue = HeaderFolder.rawValue(value, name: name)
            }
        case .deleteHeader(let name, let occurrence):
            if let index = index(of: name, occurrence: occurrence, in: fields) {
                fields.remove(at: index)
            }
        case .tagSubject(let tag):
            tagSubject(tag, in: &fields)
        case .replaceBody, .addRecipient, .deleteRecipient, .changeSender:
            break
        }
    }

    static func index(of name: String, occurrence: Int, in fields: [HeaderField]) -> Int? {
        let matches = fields.indices.filter { fields[$0].hasName(name) }
        guard occurrence >= 1, occurrence <= matches.count else { return nil }
        return matches[occurrence - 1]
    }

    static func tagSubject(_ tag: String, in fields: inout [HeaderField]) {
        guard let index = fields.firstIndex(where: { $0.hasName("Subject") }) else {
            fields.append(HeaderField(name: "Subject", value: tag))
            return
        }
        let current = String(decoding: fields[index].rawValue, as: UTF8.self)
        if !current.trimmingSpaces().hasPrefix(tag) {
            fields[index].rawValue = Array((tag + " " + current).utf8)
        }
    }

    /// Returns `bytes` with every line ending (LF, CR or CRLF) written as CRLF.
    static func crlfLines(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 40)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                output += [0x0D, 0x0A]
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                output += [0x0D, 0x0A]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// Reads a body from memory or from its spool file.
    static func bodyBytes(_ body: MessageBody) throws(SMIMEError) -> [UInt8] {
        switch body {
        case .memory(let bytes):
            return bytes
        case .file(let path, _):
            do {
                return try FileContents.read(path)
            } catch {
                throw .unreadableBody(path: path, reason: error.reason)
            }
        }
    }
}
