import Engine
import MilterKit
import PluginAPI

/// Translation of engine decisions into MilterKit's responses and modifications.
enum MilterResponses {
    static func response(_ decision: StageDecision) -> MilterResponse {
        let reply = decision.reply.map(MilterReply.init)
        switch decision.verdict {
        case .continue, .quarantine: return .continue
        case .accept: return .accept
        case .discard: return .discard
        case .reject: return .reject(reply)
        case .tempfail: return .tempfail(reply)
        }
    }

    static func result(_ outcome: MessageOutcome) -> EndOfMessageResult {
        var modifications = outcome.edits.map(modification)
        let reply = outcome.reply.map(MilterReply.init)
        let disposition: MilterResponse
        switch outcome.verdict {
        case .continue, .accept:
            disposition = .accept
        case .quarantine:
            modifications.append(.quarantine(reason: outcome.quarantineReason ?? "tlsguard"))
            disposition = .accept
        case .discard:
            disposition = .discard
        case .reject:
            disposition = .reject(reply)
        case .tempfail:
            disposition = .tempfail(reply)
        }
        return EndOfMessageResult(modifications: modifications, disposition: disposition)
    }

    static func modification(_ edit: MessageEdit) -> MilterModification {
        switch edit {
        case .addHeader(let name, let value):
            .addHeader(name: name, value: value)
        case .insertHeader(let index, let name, let value):
            .insertHeader(index: index, name: name, value: value)
        case .changeHeader(let name, let occurrence, let value):
            .changeHeader(name: name, occurrence: occurrence, value: value)
        case .deleteHeader(let name, let occurrence):
            .deleteHeader(name: name, occurrence: occurrence)
        case .addRecipient(let address, let arguments):
            .addRecipient(address: address, esmtpArguments: arguments)
        case .deleteRecipient(let address):
            .deleteRecipient(address: address)
        case .changeSender(let address, let arguments):
            .changeSender(address: address, esmtpArguments: arguments)
        case .replaceBody(let body):
            .replaceBody(body)
        }
    }
}
