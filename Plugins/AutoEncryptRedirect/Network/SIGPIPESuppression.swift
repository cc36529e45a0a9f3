import Glibc

/// Runs `body`, which writes to a socket through OpenSSL, so that a peer that has reset
/// the connection makes the write fail with EPIPE instead of killing the process.
///
/// OpenSSL's socket BIO writes with write(2), which raises SIGPIPE on such a socket, and
/// the default action of SIGPIPE ends the process. The milter ignores SIGPIPE, because
/// libmilter 8.17 sets it to SIG_IGN, but `tlsguard probe` and other hosts of this plugin
/// may not.
/// SIGPIPE is blocked in the calling thread while `body` runs, and a SIGPIPE that `body`
/// raised is taken off the pending set before the old mask comes back. Other threads and
/// the process's signal dispositions are not touched.
func withSIGPIPESuppressed<Result>(_ body: () -> Result) -> Result {
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    var previousMask = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
    guard sigismember(&previousMask, SIGPIPE) == 0 else {
        // Blocked already by the caller, who then owns any SIGPIPE that stays pending.
        return body()
    }
    let pendingBefore = isSIGPIPEPending()

    let result = body()

    if !pendingBefore && isSIGPIPEPending() {
        var noWait = timespec(tv_sec: 0, tv_nsec: 0)
        _ = sigtimedwait(&pipeSignal, nil, &noWait)
    }
    pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    return result
}

private func isSIGPIPEPending() -> Bool {
    var pending = sigset_t()
    sigpending(&pending)
    return sigismember(&pending, SIGPIPE) == 1
}
