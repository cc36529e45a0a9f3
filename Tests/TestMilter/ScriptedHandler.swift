import Foundation
import Mail
import MilterKit
import PluginAPI

/// A handler driven by the message itself, for tests.
///
/// At end of message it writes `c<connection>-m<message>.json` into the report
/// directory with everything the session holds, then applies the `X-Test-Action` header
/// fields in order. Each value is a verb and arguments separated by single spaces;
/// `\n`, `\r`, `\t` and `\0` in arguments stand for LF, CR, tab and NUL:
///
///     add NAME VALUE            insert INDEX NAME VALUE     change NAME N VALUE
///     delete NAME N             addrcpt ADDRESS [ARGS]      delrcpt ADDRESS
///     delrcpt-domain DOMAIN     chgfrom ADDRESS [ARGS]      body TEXT
///     quarantine REASON         sleep SECONDS               throw
///     reject CODE XCODE TEXT    tempfail CODE XCODE TEXT    discard
///     reject-lines CODE XCODE LINE|LINE|...
///
/// A recipient whose local part starts with `throw-rcpt` makes the RCPT TO stage throw;
/// `reject-rcpt` makes it reject that recipient.
struct ScriptedHandler: MilterHandler {
    let reportDirectory: String
    var generation = 1

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The per-connection object kept in `handlerState`.
    final class ConnectionState {
        var messages = 0
    }

    func connect(_ session: MilterSession) throws -> MilterResponse {
        session.handlerState = ConnectionState()
        return .continue
    }

    func envelopeRecipient(_ session: MilterSession, recipient: EnvelopeAddress) throws
        -> MilterResponse
    {
        if recipient.address.hasPrefix("throw-rcpt") {
            throw Failure(description: "recipient asked the test handler to throw")
        }
        if recipient.address.hasPrefix("reject-rcpt") {
            return .reject(
                try MilterReply(
                    code: 550, enhancedCode: "5.1.1", text: "Test rejects this recipient"))
        }
        return .continue
    }

    func endOfMessage(_ session: MilterSession) throws -> EndOfMessageResult {
        let state = (session.handlerState as? ConnectionState) ?? ConnectionState()
        state.messages += 1
        session.handlerState = state
        try writeReport(session, message: state.messages)

        var result = EndOfMessageResult(modifications: [], disposition: .accept)
        for field in session.headers where field.hasName("X-Test-Action") {
            try apply(ScriptedHandler.text(of: field), to: &result, session: session)
        }
        return result
    }

    func close(_ session: MilterSession) {
        let record: [String: Any] = [
            "connection": session.connectionID, "messages": session.messageCount,
        ]
        write(record, name: "c\(session.connectionID)-close.json")
    }

    // MARK: - Actions

    private func apply(_ line: String, to result: inout EndOfMessageResult, session: MilterSession)
        throws
    {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let verb = words.first else { return }
        let rest = Array(words.dropFirst())
        func tail(_ from: Int) -> String {
            ScriptedHandler.unescape(rest.dropFirst(from).joined(separator: " "))
        }
        switch verb {
        case "add":
            result.modifications.append(.addHeader(name: rest[0], value: tail(1)))
        case "insert":
            result.modifications.append(
                .insertHeader(index: Int(rest[0]) ?? 0, name: rest[1], value: tail(2)))
        case "change":
            result.modifications.append(
                .changeHeader(name: rest[0], occurrence: Int(rest[1]) ?? 1, value: tail(2)))
        case "delete":
            result.modifications.append(.deleteHeader(name: rest[0], occurrence: Int(rest[1]) ?? 1))
        case "addrcpt":
            result.modifications.append(
                .addRecipient(address: rest[0], esmtpArguments: rest.count > 1 ? tail(1) : nil))
        case "delrcpt":
            result.modifications.append(.deleteRecipient(address: tail(0)))
        case "delrcpt-domain":
            for recipient in session.recipients where recipient.domain == rest[0].lowercased() {
                result.modifications.append(.deleteRecipient(address: recipient.raw))
            }
        case "chgfrom":
            result.modifications.append(
                .changeSender(address: rest[0], esmtpArguments: rest.count > 1 ? tail(1) : nil))
        case "body":
            result.modifications.append(.replaceBody(.memory(Array(tail(0).utf8))))
        case "quarantine":
            result.modifications.append(.quarantine(reason: tail(0)))
        case "sleep":
            usleep(UInt32((Double(rest[0]) ?? 0) * 1_000_000))
        case "throw":
            throw Failure(description: "message asked the test handler to throw")
        case "discard":
            result.disposition = .discard
        case "reject", "tempfail", "reject-lines":
            result.disposition = try ScriptedHandler.refusal(verb, rest)
        default:
            throw Failure(description: "unknown test action '\(verb)'")
        }
    }

    private static func refusal(_ verb: String, _ words: [String]) throws -> MilterResponse {
        let code = Int(words[0]) ?? 0
        let text = words.dropFirst(2).joined(separator: " ")
        let lines = verb == "reject-lines" ? text.split(separator: "|").map(String.init) : [text]
        let reply = try MilterReply(code: code, enhancedCode: words[1], lines: lines)
        return verb == "tempfail" ? .tempfail(reply) : .reject(reply)
    }

    // MARK: - Report

    private func writeReport(_ session: MilterSession, message: Int) throws {
        var record: [String: Any] = [
            "generation": generation,
            "connection": session.connectionID,
            "message": message,
            "message_count_before": session.messageCount,
            "queue_id": session.queueID ?? "",
            "client_hostname": session.clientHostname ?? "",
            "client_address": session.clientAddress.description,
            "helo": session.helo ?? "",
            "macros": session.macros,
            "sender": session.sender?.raw ?? "",
            "sender_args": session.sender?.esmtpArguments ?? [],
            "recipients": session.recipients.map(\.raw),
            "recipient_args": session.recipients.map(\.esmtpArguments),
            "headers": session.headers.map {
                ["name": $0.name, "value_hex": ScriptedHandler.hex($0.rawValue)]
            },
            "leading_space": session.negotiated.leadingSpace,
            "actions": session.negotiated.actions.description,
            "tls": session.tls.map { "\($0.version ?? "") \($0.cipher ?? "")" } ?? "none",
        ]
        switch session.body {
        case .memory(let bytes):
            record["body_kind"] = "memory"
            record["body_size"] = bytes.count
            record["body_hash"] = ScriptedHandler.fnv1a(bytes)
        case .file(let path, let size):
            record["body_kind"] = "file"
            record["body_size"] = size
            record["body_path"] = path
            let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
            record["body_hash"] = ScriptedHandler.fnv1a(bytes)
            record["body_file_size"] = bytes.count
        }
        write(record, name: "c\(session.connectionID)-m\(message).json")
    }

    private func write(_ record: [String: Any], name: String) {
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        else { return }
        let path = reportDirectory + "/" + name
        _ = FileManager.default.createFile(atPath: path + ".tmp", contents: data)
        _ = rename(path + ".tmp", path)
    }

    static func text(of field: HeaderField) -> String {
        var bytes = field.rawValue[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n")
            .replacingOccurrences(of: "\\r", with: "\r")
            .replacingOccurrences(of: "\\t", with: "\t")
            .replacingOccurrences(of: "\\0", with: "\0")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// FNV-1a, 64 bits, as a hex string: enough to compare a body with what was sent.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
