import CMilter
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The milter daemon: registers with libmilter, listens on the configured socket and
/// serves connections with a `MilterHandler` until it is stopped.
///
/// libmilter keeps its settings in process-wide variables, so one process runs at most
/// one server. `run(onReload:)` blocks the calling thread until SIGTERM or SIGINT, or
/// until `stop()` is called, and calls `onReload` on that thread for each SIGHUP.
public final class MilterServer: Sendable {
    private let runtime: MilterRuntime
    private let stopRequested = Atomic<Bool>(false)

    /// Creates a server after checking `configuration`.
    public init(configuration: MilterConfiguration, handler: any MilterHandler, logger: Logger)
        throws(MilterError)
    {
        try configuration.validate()
        runtime = MilterRuntime(configuration: configuration, handler: handler, logger: logger)
    }

    public var configuration: MilterConfiguration { runtime.configuration }

    /// The number of milter connections open now.
    public var openConnections: Int { runtime.openSessions.load(ordering: .relaxed) }

    /// Makes `handler` serve every connection that opens from now on. Connections already
    /// open keep the handler they started with.
    public func replaceHandler(_ handler: any MilterHandler) {
        runtime.replaceHandler(handler)
    }

    /// Asks a running server to stop, as SIGTERM does.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Serves until SIGTERM, SIGINT or `stop()`, then removes a unix socket file if it is
    /// still the one this server created, waits up to `drainTimeout` for open connections
    /// to finish and returns.
    ///
    /// Call it from the process's main thread before any other thread starts, so that
    /// SIGHUP, SIGTERM and SIGINT stay blocked in every thread and reach only this one.
    /// See `SignalWaiter` for why libmilter's own signal thread must not receive them.
    /// Throws when libmilter cannot be set up or the socket cannot be opened, and
    /// `MilterError.socketInUse` when another process listens on the unix socket path.
    public func run(drainTimeout: Duration = .seconds(10), onReload: () -> Void = {})
        throws(MilterError)
    {
        let signals = try SignalWaiter()
        try claimProcess()
        defer { MilterRuntime.active.withLock { $0 = nil } }
        let socketFile = try LibmilterSetup.configure(runtime.configuration)
        let thread: LibmilterThread
        do throws(MilterError) {
            thread = try LibmilterThread.start()
        } catch {
            if let socketFile { remove(socketFile) }
            throw error
        }
        runtime.logger.info(
            "started",
            [
                "socket": runtime.configuration.socket.description,
                "name": runtime.configuration.filterName,
            ])

        waitForStop(signals: signals, thread: thread, onReload: onReload)

        // The file goes first, while the open listening socket still pins its inode.
        if let socketFile { remove(socketFile) }
        _ = smfi_stop()
        drain(timeout: drainTimeout)
        thread.join(timeout: .seconds(6))
        runtime.logger.info("stopped", ["socket": runtime.configuration.socket.description])
    }

    /// Removes the socket file if it is still the one this server created, and otherwise
    /// logs that another process replaced it.
    private func remove(_ socketFile: UnixSocketFile) {
        guard !socketFile.removeIfUnchanged() else { return }
        runtime.logger.warning(
            "socket file left in place",
            [
                "socket": runtime.configuration.socket.description,
                "reason": "the file is missing or another process replaced it",
            ])
    }

    private func claimProcess() throws(MilterError) {
        let claimed = MilterRuntime.active.withLock { active -> Bool in
            guard active == nil else { return false }
            active = runtime
            return true
        }
        guard claimed else {
            throw .libmilterCallFailed(
                function: "smfi_register",
                detail: "a milter server is already running in this process")
        }
    }

    private func waitForStop(signals: SignalWaiter, thread: LibmilterThread, onReload: () -> Void) {
        while !stopRequested.load(ordering: .relaxed) && !thread.isFinished {
            switch signals.wait(timeout: .milliseconds(250)) {
            case .reload:
                runtime.logger.info("reload requested", ["signal": "SIGHUP"])
                onReload()
            case .stop(let name):
                runtime.logger.info("stop requested", ["signal": name])
                return
            case .timeout:
                continue
            }
        }
        if thread.isFinished {
            runtime.logger.error("libmilter stopped unexpectedly", ["status": "\(thread.status)"])
        }
    }

    private func drain(timeout: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while openConnections > 0 && clock.now < deadline {
            usleep(50_000)
        }
        if openConnections > 0 {
            runtime.logger.warning(
                "stopping with open connections", ["count": "\(openConnections)"])
        }
    }
}
