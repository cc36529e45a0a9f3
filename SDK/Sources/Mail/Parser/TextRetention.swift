/// Decoded bytes kept for a text view, bounded by `maxDecodedPartSize` and by the text
/// budget of the whole message.
struct TextRetention {
    private(set) var bytes: [UInt8] = []
    /// True once bytes were dropped because a limit was reached.
    private(set) var truncated = false
    private(set) var isActive: Bool
    private var granted = 0
    private let maxSize: Int
    private static let grantStep = 64 * 1024

    init(active: Bool, maxSize: Int) {
        isActive = active
        self.maxSize = maxSize
    }

    mutating func append(_ input: UnsafeBufferPointer<UInt8>, context: ParseContext) {
        guard isActive, input.count > 0 else { return }
        let needed = bytes.count + input.count
        if needed > granted {
            let wanted = min(max(needed - granted, Self.grantStep), maxSize - granted)
            granted += context.reserveText(max(wanted, 0))
        }
        let room = granted - bytes.count
        if input.count <= room {
            bytes.append(contentsOf: input)
        } else {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[0..<max(room, 0)]))
            truncated = true
            isActive = false
        }
    }

    mutating func append(_ input: [UInt8], context: ParseContext) {
        input.withUnsafeBufferPointer { append($0, context: context) }
    }

    /// Stops keeping bytes and frees what was kept, for content that is not text after all.
    mutating func discard(context: ParseContext) {
        context.releaseText(granted)
        granted = 0
        bytes = []
        isActive = false
    }

    /// Returns the kept bytes and gives the unused part of the grant back.
    mutating func take(context: ParseContext) -> [UInt8] {
        context.releaseText(granted - bytes.count)
        granted = bytes.count
        isActive = false
        return bytes
    }
}
