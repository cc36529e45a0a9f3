import Logging
import Synchronization

/// The state that the libmilter callbacks need from the running server: the
/// configuration, the logger, the current handler and counters. libmilter callbacks are
/// plain C functions without a context argument of ours, so the one runtime of the
/// process is reached through `MilterRuntime.active`.
final class MilterRuntime: Sendable {
    let configuration: MilterConfiguration
    let logger: Logger
    private let handler: Mutex<any MilterHandler>
    private let nextConnectionID = Atomic<UInt64>(1)
    /// Sessions created and not yet closed.
    let openSessions = Atomic<Int>(0)
    /// True once a session logged that libmilter's context layout is unknown.
    let unknownMacroLayoutLogged = Atomic<Bool>(false)

    /// The runtime of the server that is running; libmilter allows one per process.
    static let active = Mutex<MilterRuntime?>(nil)

    init(configuration: MilterConfiguration, handler: any MilterHandler, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.handler = Mutex(handler)
    }

    static var current: MilterRuntime? {
        active.withLock { $0 }
    }

    var currentHandler: any MilterHandler {
        handler.withLock { $0 }
    }

    func replaceHandler(_ newHandler: any MilterHandler) {
        handler.withLock { $0 = newHandler }
    }

    /// Creates the session of a new connection with the handler current at this moment.
    func makeSession() -> MilterSession {
        openSessions.add(1, ordering: .relaxed)
        let id = nextConnectionID.add(1, ordering: .relaxed).oldValue
        return MilterSession(
            connectionID: id, handler: currentHandler, configuration: configuration,
            logger: logger)
    }
}
