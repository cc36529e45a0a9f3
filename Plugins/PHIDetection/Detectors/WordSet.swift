/// A set of words looked up by the bytes of a word in the text, ignoring ASCII case,
/// without building a `String` for each lookup.
///
/// Words are stored as 64-bit FNV-1a hashes of their lower-cased bytes. Two different words
/// with the same hash would make one of them look like a member. With a few thousand words
/// that chance is about one in 10^12, an estimate from the birthday bound.
struct WordSet: Sendable {
    private let hashes: Set<UInt64>

    init(_ words: some Sequence<String>) {
        hashes = Set(words.map { WordSet.hash($0.utf8) })
    }

    var count: Int { hashes.count }

    /// Returns true when the bytes, lower-cased, are one of the words.
    func contains(_ bytes: some Sequence<UInt8>) -> Bool {
        hashes.contains(WordSet.hash(bytes))
    }

    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(ASCII.lowercased(byte))) &* 0x0000_0100_0000_01B3
        }
        return value
    }
}
