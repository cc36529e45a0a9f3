/// Finds trigger words such as `[secure]` in a subject or body, ignoring ASCII case.
struct TriggerMatcher: Sendable {
    private let triggers: [[UInt8]]

    init(_ triggers: [String]) {
        self.triggers = triggers.map { Array($0.utf8).map(ASCII.lowercased) }.filter {
            !$0.isEmpty
        }
    }

    /// Returns the offset of the first trigger in `text`, or nil.
    func firstMatch(in text: [UInt8]) -> Int? {
        var best: Int?
        for trigger in triggers {
            if let offset = find(trigger, in: text), offset < (best ?? Int.max) {
                best = offset
            }
        }
        return best
    }

    private func find(_ needle: [UInt8], in text: [UInt8]) -> Int? {
        guard text.count >= needle.count, let first = needle.first else { return nil }
        let last = text.count - needle.count
        var index = 0
        while index <= last {
            if ASCII.lowercased(text[index]) == first
                && zip(text[index..<(index + needle.count)], needle).allSatisfy({
                    ASCII.lowercased($0) == $1
                })
            {
                return index
            }
            index += 1
        }
        return nil
    }
}
