import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one piece of work on a new detached thread while the calling thread waits and
/// calls `tick` at a fixed interval until the work is done.
///
/// End of message uses it so that the libmilter thread can send `smfi_progress` while a
/// handler scans a large message. A dedicated thread, rather than a shared pool, means a
/// slow handler on one connection never delays another connection's handler.
enum WorkerThread {
    static func run<Value: Sendable>(
        interval: Duration, tick: () -> Void, _ work: @escaping @Sendable () -> Value
    ) throws(MilterError) -> Value {
        let job = Job(work: work)
        let started = Unmanaged.passRetained(job)
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                let job = Unmanaged<AnyObject>.fromOpaque(argument).takeRetainedValue()
                (job as? Runnable)?.runAndSignal()
                return nil
            }, started.toOpaque())
        guard status == 0 else {
            started.release()
            throw .threadStartFailed(errno: status)
        }
        pthread_detach(thread)

        let nanoseconds =
            interval.components.seconds * 1_000_000_000
            + interval.components.attoseconds / 1_000_000_000
        while job.done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
            tick()
        }
        return job.takeResult()
    }

    private protocol Runnable: AnyObject {
        func runAndSignal()
    }

    /// The work and its result. The worker writes `result` before it signals `done`, and
    /// the caller reads it only after `done` was signalled, so the semaphore orders the
    /// two accesses.
    private final class Job<Value: Sendable>: Runnable, @unchecked Sendable {
        let work: @Sendable () -> Value
        let done = DispatchSemaphore(value: 0)
        private var result: Value?

        init(work: @escaping @Sendable () -> Value) {
            self.work = work
        }

        func runAndSignal() {
            result = work()
            done.signal()
        }

        func takeResult() -> Value {
            guard let result else {
                preconditionFailure("worker thread signalled without a result")
            }
            return result
        }
    }
}
