import CMilter

#if canImport(Glibc)
    import Glibc
#endif

// The libmilter callbacks: plain functions that libmilter calls on the connection's
// thread. Each one finds the connection's session and hands the event to
// `SessionEvents`, which contains the logic. They live outside main.swift on purpose: code
// there runs on the main actor, and a callback touching its variables would race.

func milterNegotiate(
    _ pointer: OpaquePointer?, _ offeredActions: UInt, _ offeredSteps: UInt, _: UInt, _: UInt,
    _ actions: UnsafeMutablePointer<UInt>?, _ steps: UnsafeMutablePointer<UInt>?,
    _ reserved2: UnsafeMutablePointer<UInt>?, _ reserved3: UnsafeMutablePointer<UInt>?
) -> sfsistat {
    guard let pointer, let actions, let steps, let session = session(of: pointer) else {
        return SMFIS_REJECT
    }
    reserved2?.pointee = 0
    reserved3?.pointee = 0
    let granted = SessionEvents.negotiate(
        session, context: MilterContext(pointer: pointer), offeredActions: offeredActions,
        offeredSteps: offeredSteps, requestedSteps: steps.pointee)
    actions.pointee = granted.actions
    steps.pointee = granted.steps
    return SMFIS_CONTINUE
}

func milterConnect(
    _ pointer: OpaquePointer?, _ hostname: UnsafeMutablePointer<CChar>?,
    _ address: UnsafeMutablePointer<sockaddr>?
) -> sfsistat {
    withSession(pointer) { session, context in
        SessionEvents.connect(
            session, context: context, hostname: hostname.map { String(cString: $0) },
            address: SocketAddress.clientAddress(address))
    }
}

func milterHelo(_ pointer: OpaquePointer?, _ name: UnsafeMutablePointer<CChar>?) -> sfsistat {
    withSession(pointer) { session, context in
        SessionEvents.helo(session, context: context, name: name.map { String(cString: $0) })
    }
}

func milterEnvelopeSender(
    _ pointer: OpaquePointer?, _ arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> sfsistat {
    withSession(pointer) { session, context in
        SessionEvents.envelopeSender(session, context: context, arguments: strings(arguments))
    }
}

func milterEnvelopeRecipient(
    _ pointer: OpaquePointer?, _ arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> sfsistat {
    withSession(pointer) { session, context in
        SessionEvents.envelopeRecipient(session, context: context, arguments: strings(arguments))
    }
}

func milterHeader(
    _ pointer: OpaquePointer?, _ name: UnsafeMutablePointer<CChar>?,
    _ value: UnsafeMutablePointer<CChar>?
) -> sfsistat {
    withSession(pointer) { session, _ in
        let valueBytes = value.map { UnsafeRawBufferPointer(start: $0, count: strlen($0)) }
        return SessionEvents.header(
            session, name: name.map { String(cString: $0) } ?? "",
            value: valueBytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
    }
}

func milterEndOfHeaders(_ pointer: OpaquePointer?) -> sfsistat {
    withSession(pointer) { session, context in
        SessionEvents.endOfHeaders(session, context: context)
    }
}

func milterBody(_ pointer: OpaquePointer?, _ bytes: UnsafeMutablePointer<UInt8>?, _ count: Int)
    -> sfsistat
{
    withSession(pointer) { session, _ in
        SessionEvents.body(
            session, chunk: UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    }
}

func milterEndOfMessage(_ pointer: OpaquePointer?) -> sfsistat {
    withSession(pointer) { session, context in
        SessionEvents.endOfMessage(session, context: context)
    }
}

func milterAbort(_ pointer: OpaquePointer?) -> sfsistat {
    withSession(pointer) { session, _ in
        SessionEvents.abort(session)
    }
}

func milterClose(_ pointer: OpaquePointer?) -> sfsistat {
    guard let pointer, let raw = smfi_getpriv(pointer) else { return SMFIS_CONTINUE }
    _ = smfi_setpriv(pointer, nil)
    let session = Unmanaged<MilterSession>.fromOpaque(raw).takeRetainedValue()
    SessionEvents.close(session)
    return SMFIS_CONTINUE
}

// MARK: - Helpers

/// Runs `body` with the connection's session, creating it on the first callback.
private func withSession(
    _ pointer: OpaquePointer?, _ body: (MilterSession, MilterContext) -> sfsistat
) -> sfsistat {
    guard let pointer, let session = session(of: pointer) else {
        return SMFIS_TEMPFAIL
    }
    return body(session, MilterContext(pointer: pointer))
}

/// Returns the session stored with `smfi_setpriv`, or creates, retains and stores one.
/// Returns nil only when no server is running in this process.
private func session(of pointer: OpaquePointer) -> MilterSession? {
    if let raw = smfi_getpriv(pointer) {
        return Unmanaged<MilterSession>.fromOpaque(raw).takeUnretainedValue()
    }
    guard let runtime = MilterRuntime.current else { return nil }
    let session = runtime.makeSession()
    let retained = Unmanaged.passRetained(session)
    guard smfi_setpriv(pointer, retained.toOpaque()) == MI_SUCCESS else {
        retained.release()
        runtime.openSessions.subtract(1, ordering: .relaxed)
        return nil
    }
    return session
}

/// Reads a NULL-terminated `char **` argument vector, at most 1024 entries.
private func strings(_ vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
    guard let vector else { return [] }
    var result: [String] = []
    var index = 0
    while index < 1024, let element = vector[index] {
        result.append(String(cString: element))
        index += 1
    }
    return result
}
