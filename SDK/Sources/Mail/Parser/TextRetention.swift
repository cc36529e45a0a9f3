/// Decoded bytes kept for a text view, bounded by `maxDecodedPartSize` and by the text
/// budget of the whole message.
struct TextRetention {
    private(set) var bytes: [UInt8] = []
    /// True once bytes were dropped because a limit was reached.
    private(set) var truncated = false
    private(set) var isActive: Bool
    private var grantedBytes = 0
    private let maxSize: Int
    private static let grantStep = 64 * 1024

    init(active: Bool, maxSize: Int) {
        isActive = active
        self.maxSize = maxSize
    }

    mutating func append(_ input: UnsafeBufferPointer<UInt8>, context: ParseContext) {
        guard isActive, input.count > 0 else { return }
        let needed = bytes.count + input.count
        if needed > grantedBytes {
            let request = min(max(needed - grantedBytes, Self.grantStep), maxSize - grantedBytes)
            grantedBytes += context.reserveText(max(request, 0))
        }
        let room = grantedBytes - bytes.count
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
        context.releaseText(grantedBytes)
        grantedBytes = 0
        bytes = []
        isActive = false
    }

    /// Returns the kept bytes and gives the unused part of the grant back.
    mutating func take(context: ParseContext) -> [UInt8] {
        context.releaseText(grantedBytes - bytes.count)
        grantedBytes = bytes.count
        isActive = false
        return bytes
    }
}
