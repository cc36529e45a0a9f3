import Dispatch
import PluginAPI
import Synchronization

/// Runs one plugin call under its time limit.
///
/// The call runs on a Dispatch worker while the caller waits for at most the limit. A
/// call that has not returned by then is abandoned: its result is discarded when it
/// arrives, and the caller applies the plugin's failure policy. Swift cannot stop a
/// running synchronous function, so a plugin that never returns keeps one worker thread
/// busy for good; the error log names it.
enum PluginInvoker {
    /// The way a plugin call failed.
    enum Failure: Error, CustomStringConvertible {
        case threw(String)
        case timedOut(Duration)

        var description: String {
            switch self {
            case .threw(let message): "error: \(message)"
            case .timedOut(let limit): "time limit of \(DaemonKeys.durationText(limit)) exceeded"
            }
        }
    }

    static func call(
        limit: Duration, _ body: @escaping @Sendable () throws -> StageResult
    ) -> Result<StageResult, Failure> {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let result: Result<StageResult, Failure>
            do {
                result = .success(try body())
            } catch {
                result = .failure(.threw(String(describing: error)))
            }
            box.store(result)
            done.signal()
        }
        let nanoseconds =
            limit.components.seconds * 1_000_000_000
            + limit.components.attoseconds / 1_000_000_000
        if done.wait(timeout: .now() + .nanoseconds(Int(clamping: nanoseconds))) == .timedOut {
            return .failure(.timedOut(limit))
        }
        return box.take() ?? .failure(.threw("plugin call returned no result"))
    }
}

/// Hands a result from the worker to the waiting caller.
private final class ResultBox: Sendable {
    private let value = Mutex<Result<StageResult, PluginInvoker.Failure>?>(nil)

    func store(_ result: Result<StageResult, PluginInvoker.Failure>) {
        value.withLock { $0 = result }
    }

    func take() -> Result<StageResult, PluginInvoker.Failure>? {
        value.withLock { $0 }
    }
}
