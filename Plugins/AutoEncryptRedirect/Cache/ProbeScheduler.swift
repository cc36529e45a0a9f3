import Dispatch
import Synchronization

/// Runs domain checks in the background, at most `concurrency` at a time, each domain at
/// most once at a time, and lets a caller wait for a result for a bounded time.
///
/// A caller that gives up waiting does not stop the check. The check finishes, `work`
/// stores its result, and the next message for the domain finds it there.
final class ProbeScheduler: Sendable {
    private struct State {
        var running = 0
        var queued: [String] = []
        var inFlight: Set<String> = []
        var waiters: [String: [DispatchSemaphore]] = [:]
    }

    private let state = Mutex(State())
    let concurrency: Int
    /// Maximum number of domains waiting for a slot; past it new checks are not started
    /// and the domain stays unknown until a later message.
    let maxQueued: Int
    private let work: @Sendable (String) -> Void

    /// `work` checks one domain and stores the result where `wait` callers look for it.
    init(concurrency: Int, maxQueued: Int = 1000, work: @escaping @Sendable (String) -> Void) {
        self.concurrency = concurrency
        self.maxQueued = maxQueued
        self.work = work
    }

    /// Starts a check of `domain` unless one is running or queued. Returns false when the
    /// queue is full.
    @discardableResult
    func start(_ domain: String) -> Bool {
        let (accepted, launch) = state.withLock { state -> (Bool, String?) in
            if state.inFlight.contains(domain) { return (true, nil) }
            guard state.queued.count < maxQueued else { return (false, nil) }
            state.inFlight.insert(domain)
            state.queued.append(domain)
            return (true, nextLaunch(&state))
        }
        if let launch { run(launch) }
        return accepted
    }

    /// Starts a check if needed and waits until it finished or `timeout` passed. Returns
    /// true when the check finished in time.
    func startAndWait(_ domain: String, timeout: Duration) -> Bool {
        let signal = DispatchSemaphore(value: 0)
        state.withLock { state in
            state.waiters[domain, default: []].append(signal)
        }
        guard start(domain) else {
            removeWaiter(signal, for: domain)
            return false
        }
        let nanoseconds =
            timeout.components.seconds * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000
        if signal.wait(timeout: .now() + .nanoseconds(Int(clamping: nanoseconds))) == .success {
            return true
        }
        removeWaiter(signal, for: domain)
        return false
    }

    /// True while a check of `domain` is queued or running.
    func isPending(_ domain: String) -> Bool {
        state.withLock { $0.inFlight.contains(domain) }
    }

    private func nextLaunch(_ state: inout State) -> String? {
        guard state.running < concurrency, !state.queued.isEmpty else { return nil }
        state.running += 1
        return state.queued.removeFirst()
    }

    private func run(_ domain: String) {
        DispatchQueue.global().async { [self] in
            work(domain)
            let (waiters, next) = state.withLock { state in
                state.running -= 1
                state.inFlight.remove(domain)
                let waiters = state.waiters.removeValue(forKey: domain) ?? []
                return (waiters, nextLaunch(&state))
            }
            for waiter in waiters { waiter.signal() }
            if let next { run(next) }
        }
    }

    private func removeWaiter(_ signal: DispatchSemaphore, for domain: String) {
        state.withLock { state in
            state.waiters[domain]?.removeAll { $0 === signal }
        }
    }
}
