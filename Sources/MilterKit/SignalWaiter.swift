#if canImport(Glibc)
    import Glibc
#endif

/// Receives SIGHUP, SIGTERM and SIGINT on the thread that created it.
///
/// libmilter starts its own signal thread in `smfi_main`. That thread waits for the same
/// three signals with `sigwait` and stops the milter on each of them, SIGHUP included
/// (libmilter 8.17, signal.c: SIGHUP and SIGTERM stop after open sessions, SIGINT aborts
/// them). A daemon that reloads its configuration on SIGHUP must make sure the signal
/// reaches its own thread instead.
///
/// The design: `init` blocks the three signals in the calling thread, which must be the
/// process's main thread and must do so before any other thread starts, so every later
/// thread, libmilter's included, inherits the mask. The main thread then waits with
/// `sigtimedwait`. Linux delivers a signal sent to the process (`kill PID`, systemd's
/// `kill`) to the thread-group leader when that thread can take it, which a thread in
/// `sigtimedwait` for the signal can. libmilter's signal thread therefore receives only
/// signals sent to it directly with `tgkill`, or a signal that arrives while the main
/// thread already has one pending.
struct SignalWaiter {
    enum Event: Equatable {
        case reload
        case stop(String)
        case timeout
    }

    private var set = sigset_t()

    init() throws(MilterError) {
        sigemptyset(&set)
        sigaddset(&set, SIGHUP)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        let status = pthread_sigmask(SIG_BLOCK, &set, nil)
        guard status == 0 else {
            throw .libmilterCallFailed(function: "pthread_sigmask", detail: "errno \(status)")
        }
    }

    /// Waits up to `timeout` for one of the three signals.
    func wait(timeout: Duration) -> Event {
        let nanoseconds = timeout.components.attoseconds / 1_000_000_000
        var interval = timespec(tv_sec: Int(timeout.components.seconds), tv_nsec: Int(nanoseconds))
        var mask = set
        let signal = sigtimedwait(&mask, nil, &interval)
        switch signal {
        case SIGHUP: return .reload
        case SIGTERM: return .stop("SIGTERM")
        case SIGINT: return .stop("SIGINT")
        default: return .timeout
        }
    }
}
