/// A run of consecutive groups of a `NumberCandidate`, with the facts the validators ask
/// about: group lengths, separators and digit values. Building one allocates and retains
/// nothing: the groups are a slice of a buffer of the scan's group array, which must stay
/// alive while the shape is used.
struct NumberShape {
    private let groups: Slice<UnsafeBufferPointer<TokenGroup>>
    /// The byte of the separators when every separator is that one byte, else nil.
    let uniformSeparator: UInt8?
    let text: UnsafeBufferPointer<UInt8>

    init(groups: Slice<UnsafeBufferPointer<TokenGroup>>, text: UnsafeBufferPointer<UInt8>) {
        self.groups = groups
        self.text = text
        var uniform: UInt8?
        var index = groups.startIndex
        while index + 1 < groups.endIndex {
            let from = Int(groups[index].end)
            let to = Int(groups[index + 1].start)
            guard to - from == 1, uniform == nil || uniform == text[from] else {
                uniform = nil
                break
            }
            uniform = text[from]
            index += 1
        }
        self.uniformSeparator = groups.count > 1 ? uniform : nil
    }

    var groupCount: Int { groups.count }
    var separatorCount: Int { groups.count - 1 }

    /// Returns the group at `index`, counted from 0.
    func group(_ index: Int) -> TokenGroup {
        groups[groups.startIndex + index]
    }

    /// Returns the shape of the groups in `range`, counted from 0.
    func subshape(_ range: Range<Int>) -> NumberShape {
        let base = groups.startIndex
        return NumberShape(
            groups: groups[(base + range.lowerBound)..<(base + range.upperBound)], text: text)
    }

    func length(_ index: Int) -> Int { group(index).length }

    /// Returns true when the shape has exactly these group lengths.
    func hasLengths(_ first: Int) -> Bool {
        groups.count == 1 && length(0) == first
    }

    func hasLengths(_ first: Int, _ second: Int) -> Bool {
        groups.count == 2 && length(0) == first && length(1) == second
    }

    func hasLengths(_ first: Int, _ second: Int, _ third: Int) -> Bool {
        groups.count == 3 && length(0) == first && length(1) == second && length(2) == third
    }

    /// Returns the bytes between group `index` and group `index + 1`.
    func separator(_ index: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        text[Int(group(index).end)..<Int(group(index + 1).start)]
    }

    var start: Int { Int(group(0).start) }
    var end: Int { Int(group(groups.count - 1).end) }
    var isDigitsOnly: Bool { groups.allSatisfy(\.isDigitsOnly) }
    var digitCount: Int { groups.reduce(0) { $0 + Int($1.digits) } }

    /// Calls `body` with the digit values of all groups, in order, letters skipped, in a
    /// temporary buffer that allocates nothing on the heap.
    func withDigits<Result>(_ body: (UnsafeBufferPointer<Int>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(digitCount, 1)) { buffer in
            var count = 0
            for group in groups {
                for index in Int(group.start)..<Int(group.end) where ASCII.isDigit(text[index]) {
                    buffer[count] = ASCII.digitValue(text[index])
                    count += 1
                }
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The letters and digits of all groups, separators dropped, read from the text as
    /// they are needed.
    var characterSequence: some Collection<UInt8> {
        groups.lazy.flatMap { group in self.text[Int(group.start)..<Int(group.end)] }
    }

    func groupBytes(_ index: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        text[Int(group(index).start)..<Int(group(index).end)]
    }

    func groupValue(_ index: Int) -> Int {
        groupBytes(index).reduce(0) { $0 &* 10 &+ ASCII.digitValue($1) }
    }

    /// Returns true when there are separators and every one is exactly `separator`.
    func allSeparators(are separator: UInt8) -> Bool {
        uniformSeparator == separator
    }

    /// The byte before the first group, or nil at the start of the text.
    var byteBefore: UInt8? { start > 0 ? text[start - 1] : nil }
    /// The byte after the last group, or nil at the end of the text.
    var byteAfter: UInt8? { end < text.count ? text[end] : nil }

    /// Returns true when the number is not part of a longer token such as `OPS-123-45-6789`,
    /// `v1.2.3.4`, a path or an e-mail address.
    var isStandalone: Bool {
        if let before = byteBefore {
            if ASCII.isAlphanumeric(before) || before == 0x5F || before == 0x40 { return false }
            if before == 0x2D || before == 0x2E || before == 0x2F {
                if start >= 2 && ASCII.isAlphanumeric(text[start - 2]) { return false }
            }
        }
        if let after = byteAfter {
            if ASCII.isAlphanumeric(after) || after == 0x5F || after == 0x40 { return false }
            if after == 0x2D || after == 0x2E || after == 0x2F {
                if end + 1 < text.count && ASCII.isAlphanumeric(text[end + 1]) { return false }
            }
        }
        return true
    }
}
