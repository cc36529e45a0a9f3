/// A set of words looked up by the bytes of a word in the text, ignoring ASCII case,
/// without building a `String` for each lookup.
///
/// Words are stored as 64-bit FNV-1a hashes of their lower-cased bytes. Two different words
/// with the same hash would make one of them look like a member. With a few thousand words
/// that chance is about one in 10^12, an estimate from the birthday bound.
///
/// The hashes are kept in an open-addressing table of at least twice as many slots as
/// words, so a lookup is one multiplication and, most of the time, one or two loads. `Set`
/// would hash the hash again with SipHash.
struct WordSet: Sendable {
    /// The hashes, each at the slot its bits select or after it. 0 marks an empty slot.
    private let slots: [UInt64]
    /// `64 - log2(slots.count)`: the shift that turns a mixed hash into a slot index.
    private let shift: UInt64
    let count: Int

    init(_ words: some Sequence<String>) {
        let hashes = Set(words.map { WordSet.hash($0.utf8) })
        var bits: UInt64 = 4
        while 1 << bits < 2 * hashes.count { bits += 1 }
        var slots = [UInt64](repeating: 0, count: 1 << bits)
        let mask = slots.count - 1
        for hash in hashes {
            var slot = WordSet.slot(of: hash, shift: 64 - bits)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
        self.slots = slots
        self.shift = 64 - bits
        self.count = hashes.count
    }

    /// Returns true when the bytes, lower-cased, are one of the words.
    func contains(_ bytes: some Sequence<UInt8>) -> Bool {
        let hash = WordSet.hash(bytes)
        let mask = slots.count - 1
        var slot = WordSet.slot(of: hash, shift: shift)
        while true {
            let stored = slots[slot]
            if stored == hash { return true }
            if stored == 0 { return false }
            slot = (slot + 1) & mask
        }
    }

    /// Returns the first slot to try for `hash`: its top bits after a multiplication by
    /// the golden ratio, which spreads FNV's weakly mixed low bits over the table.
    @inline(__always)
    private static func slot(of hash: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The FNV-1a hash of the lower-cased bytes, never 0, which marks an empty slot.
    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(ASCII.lowercased(byte))) &* 0x0000_0100_0000_01B3
        }
        return value == 0 ? 1 : value
    }
}
