/// Applies a handler's end-of-message result through libmilter.
struct ModificationApplier {
    let context: MilterContext
    let negotiated: NegotiatedOptions

    /// Applies every modification in order, then sets the reply of the disposition.
    /// Throws at the first change that was not negotiated, is invalid, or that libmilter
    /// refuses; changes before it have already been sent to the MTA.
    func apply(_ result: EndOfMessageResult) throws(MilterError) {
        for modification in result.modifications {
            try check(modification)
        }
        try ModificationApplier.checkReply(of: result.disposition)
        for modification in result.modifications {
            try apply(modification)
        }
        if let reply = result.disposition.reply {
            try context.setReply(reply)
        }
    }

    /// Throws when a reject carries a 4xx reply or a tempfail a 5xx reply, which libmilter
    /// would silently replace with its generic text.
    static func checkReply(of response: MilterResponse) throws(MilterError) {
        switch response {
        case .reject(let reply?) where reply.isTemporary,
            .tempfail(let reply?) where !reply.isTemporary:
            throw .replyDoesNotMatchDisposition(
                reply: reply.description, disposition: response.name)
        default:
            return
        }
    }

    private func check(_ modification: MilterModification) throws(MilterError) {
        guard negotiated.actions.contains(modification.requiredAction) else {
            throw .actionNotNegotiated(action: modification.name)
        }
        switch modification {
        case .addHeader(let name, _), .insertHeader(_, let name, _), .changeHeader(let name, _, _),
            .deleteHeader(let name, _):
            guard HeaderValueEncoder.isValidName(name) else { throw .invalidHeaderName(name) }
        default:
            break
        }
        switch modification {
        case .changeHeader(let name, let occurrence, _) where occurrence < 1,
            .deleteHeader(let name, let occurrence) where occurrence < 1,
            .insertHeader(let occurrence, let name, _) where occurrence < 0:
            throw .invalidHeaderIndex(name: name, index: occurrence)
        default:
            break
        }
    }

    private func apply(_ modification: MilterModification) throws(MilterError) {
        switch modification {
        case .addHeader(let name, let value):
            try context.addHeader(name: name, value: encoded(value, name: name))
        case .insertHeader(let index, let name, let value):
            try context.insertHeader(index: index, name: name, value: encoded(value, name: name))
        case .changeHeader(let name, let occurrence, let value):
            try context.changeHeader(
                name: name, occurrence: occurrence, value: encoded(value, name: name))
        case .deleteHeader(let name, let occurrence):
            try context.changeHeader(name: name, occurrence: occurrence, value: nil)
        case .addRecipient(let address, let arguments):
            try context.addRecipient(address, arguments: arguments)
        case .deleteRecipient(let address):
            try context.deleteRecipient(address)
        case .changeSender(let address, let arguments):
            try context.changeSender(address, arguments: arguments)
        case .replaceBody(let body):
            try context.replaceBody(body)
        case .quarantine(let reason):
            try context.quarantine(reason: HeaderValueEncoder.quarantineReason(reason))
        }
    }

    private func encoded(_ value: String, name: String) -> String {
        HeaderValueEncoder.encode(value, name: name, leadingSpace: negotiated.leadingSpace)
    }
}
