import CMilter
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The process-wide libmilter setup: `smfi_register`, `smfi_setconn`, `smfi_settimeout`,
/// `smfi_setbacklog` and `smfi_opensocket`.
enum LibmilterSetup {
    /// Sets libmilter up and opens the listening socket. Returns the socket file for a
    /// unix socket, which the server removes at stop, and nil for TCP.
    ///
    /// A unix socket is bound at a temporary path and then moved to the configured one
    /// (see `UnixSocketFile`). Throws `MilterError.socketInUse` when another process
    /// listens on the configured path.
    static func configure(_ configuration: MilterConfiguration) throws(MilterError)
        -> UnixSocketFile?
    {
        let path = configuration.socket.unixPath
        var listenSpec = configuration.socket.description
        if let path {
            try UnixSocketFile.checkAvailable(path)
            listenSpec = "unix:" + UnixSocketFile.temporaryPath(for: path)
        }

        try register(name: configuration.filterName)
        try check("smfi_setconn", listenSpec) {
            withMutableCString(listenSpec) { smfi_setconn($0) }
        }
        try check("smfi_settimeout", "\(configuration.timeoutSeconds)") {
            smfi_settimeout(Int32(configuration.timeoutSeconds))
        }
        try check("smfi_setbacklog", "\(configuration.backlog)") {
            smfi_setbacklog(Int32(configuration.backlog))
        }
        try openSocket(configuration)

        guard let path else { return nil }
        return try UnixSocketFile.install(
            temporaryPath: UnixSocketFile.temporaryPath(for: path), at: path)
    }

    /// Opens the listening socket now, so that an error shows before the daemon reports
    /// that it started. For a unix socket it creates the file at the temporary path with
    /// the configured mode, removing a stale file left there by a killed process.
    private static func openSocket(_ configuration: MilterConfiguration) throws(MilterError) {
        let path = configuration.socket.unixPath.map(UnixSocketFile.temporaryPath(for:))
        let oldMask = path == nil ? nil : umask(0o777 & ~configuration.unixSocketMode)
        let status = smfi_opensocket(true)
        if let oldMask { umask(oldMask) }
        guard status == MI_SUCCESS else {
            throw .libmilterCallFailed(
                function: "smfi_opensocket",
                detail: "cannot listen on \(configuration.socket): check that the directory "
                    + "exists and the address is free")
        }
        if let path, chmod(path, mode_t(configuration.unixSocketMode)) != 0 {
            let error = errno
            unlink(path)
            throw .libmilterCallFailed(function: "chmod", detail: "\(path): errno \(error)")
        }
    }

    /// Registers the callbacks. libmilter copies the name, so the temporary C string
    /// only has to live during the call.
    private static func register(name: String) throws(MilterError) {
        try check("smfi_register", name) {
            withMutableCString(name) { namePointer in
                smfi_register(
                    smfiDesc(
                        xxfi_name: namePointer, xxfi_version: tlsguard_smfi_version(),
                        xxfi_flags: MilterActions.all.rawValue,
                        xxfi_connect: milterConnect, xxfi_helo: milterHelo,
                        xxfi_envfrom: milterEnvelopeSender,
                        xxfi_envrcpt: milterEnvelopeRecipient, xxfi_header: milterHeader,
                        xxfi_eoh: milterEndOfHeaders, xxfi_body: milterBody,
                        xxfi_eom: milterEndOfMessage, xxfi_abort: milterAbort,
                        xxfi_close: milterClose, xxfi_unknown: nil, xxfi_data: nil,
                        xxfi_negotiate: milterNegotiate))
            }
        }
    }

    private static func check(_ function: String, _ argument: String, _ body: () -> Int32)
        throws(MilterError)
    {
        guard body() == MI_SUCCESS else {
            throw .libmilterCallFailed(function: function, detail: "argument '\(argument)'")
        }
    }
}

/// The thread that runs `smfi_main`, libmilter's listener loop.
final class LibmilterThread: Sendable {
    private let finished = Atomic<Bool>(false)
    private let result = Atomic<Int32>(0)
    private let thread: Mutex<pthread_t?> = Mutex(nil)

    private init() {}

    static func start() throws(MilterError) -> LibmilterThread {
        let runner = LibmilterThread()
        let retained = Unmanaged.passRetained(runner)
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                let runner = Unmanaged<LibmilterThread>.fromOpaque(argument).takeRetainedValue()
                runner.result.store(smfi_main(), ordering: .relaxed)
                runner.finished.store(true, ordering: .releasing)
                return nil
            }, retained.toOpaque())
        guard status == 0 else {
            retained.release()
            throw .threadStartFailed(errno: status)
        }
        runner.thread.withLock { $0 = thread }
        return runner
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// `smfi_main`'s return value once it finished: MI_SUCCESS or MI_FAILURE.
    var status: Int32 { result.load(ordering: .relaxed) }

    /// Waits until `smfi_main` returned or `timeout` passed. libmilter's listener notices
    /// `smfi_stop` only when its poll times out, which can take about 5 seconds.
    func join(timeout: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !isFinished && clock.now < deadline {
            usleep(20_000)
        }
        if isFinished, let thread = self.thread.withLock({ $0 }) {
            pthread_join(thread, nil)
        }
    }
}
