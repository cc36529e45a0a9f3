#if canImport(Glibc)
    import Glibc
#endif

/// Finds trigger words such as `[secure]` in a subject or body, ignoring ASCII case.
///
/// Every body of every message is searched, and most contain no trigger. The search
/// therefore finds the first byte of a trigger with `memchr`, which reads many bytes per
/// instruction, and compares the whole trigger only where that byte occurs.
struct TriggerMatcher: Sendable {
    /// The triggers, lower-cased.
    private let triggers: [[UInt8]]
    /// Each byte that can start a trigger, in both cases for a letter.
    private let firstBytes: [UInt8]

    init(_ triggers: [String]) {
        self.triggers = triggers.map { Array($0.utf8).map(ASCII.lowercased) }.filter {
            !$0.isEmpty
        }
        var firstBytes: [UInt8] = []
        for trigger in self.triggers {
            let cases = [trigger[0], ASCII.uppercased(trigger[0])]
            for byte in cases where !firstBytes.contains(byte) {
                firstBytes.append(byte)
            }
        }
        self.firstBytes = firstBytes
    }

    /// Returns the offset of the first trigger in `text`, or nil.
    func firstMatch(in text: [UInt8]) -> Int? {
        text.withUnsafeBufferPointer { text in
            var best: Int?
            for byte in firstBytes {
                let limit = best ?? text.count
                if let offset = firstMatch(startingWith: byte, in: text, before: limit) {
                    best = offset
                }
            }
            return best
        }
    }

    /// Returns the offset of the first trigger that starts with `byte` before `limit`.
    private func firstMatch(
        startingWith byte: UInt8, in text: UnsafeBufferPointer<UInt8>, before limit: Int
    ) -> Int? {
        guard let base = text.baseAddress else { return nil }
        var index = 0
        while index < limit {
            guard let found = memchr(base + index, Int32(byte), limit - index) else {
                return nil
            }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if triggers.contains(where: { matches($0, at: position, in: text) }) {
                return position
            }
            index = position + 1
        }
        return nil
    }

    /// Returns true when `trigger` starts at `position`, ignoring ASCII case.
    private func matches(
        _ trigger: [UInt8], at position: Int, in text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard text.count - position >= trigger.count else { return false }
        for offset in 0..<trigger.count
        where ASCII.lowercased(text[position + offset]) != trigger[offset] {
            return false
        }
        return true
    }
}
