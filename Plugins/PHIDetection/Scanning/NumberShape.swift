/// A run of consecutive groups of a `NumberCandidate`, with the facts the validators ask
/// about: group lengths, separators and digit values.
struct NumberShape {
    let groups: [TokenGroup]
    /// `separators[i]` is the bytes between `groups[i]` and `groups[i + 1]`.
    let separators: [ArraySlice<UInt8>]
    let text: UnsafeBufferPointer<UInt8>

    init(groups: some Collection<TokenGroup>, text: UnsafeBufferPointer<UInt8>) {
        self.groups = Array(groups)
        self.text = text
        var separators: [ArraySlice<UInt8>] = []
        for index in self.groups.indices.dropLast() {
            let from = Int(self.groups[index].end)
            let to = Int(self.groups[index + 1].start)
            separators.append(ArraySlice(text[from..<to]))
        }
        self.separators = separators
    }

    var start: Int { Int(groups[0].start) }
    var end: Int { Int(groups[groups.count - 1].end) }
    var lengths: [Int] { groups.map(\.length) }
    var isDigitsOnly: Bool { groups.allSatisfy(\.isDigitsOnly) }
    var digitCount: Int { groups.reduce(0) { $0 + Int($1.digits) } }

    /// The digit values of all groups, in order; letters are skipped.
    var digits: [Int] {
        var result: [Int] = []
        for group in groups {
            for index in Int(group.start)..<Int(group.end) where ASCII.isDigit(text[index]) {
                result.append(ASCII.digitValue(text[index]))
            }
        }
        return result
    }

    /// The letters and digits of all groups, separators dropped.
    var characters: [UInt8] {
        var result: [UInt8] = []
        for group in groups {
            result.append(contentsOf: text[Int(group.start)..<Int(group.end)])
        }
        return result
    }

    /// The bytes from the first group's start to the last group's end.
    var bytes: [UInt8] { Array(text[start..<end]) }

    func groupBytes(_ index: Int) -> ArraySlice<UInt8> {
        ArraySlice(text[Int(groups[index].start)..<Int(groups[index].end)])
    }

    func groupValue(_ index: Int) -> Int {
        groupBytes(index).reduce(0) { $0 * 10 + ASCII.digitValue($1) }
    }

    /// Returns true when every separator is exactly `separator`.
    func allSeparators(are separator: UInt8) -> Bool {
        separators.allSatisfy { $0.count == 1 && $0.first == separator }
    }

    /// Returns true when every separator is one byte and they are all the same.
    var hasUniformSingleSeparator: Bool {
        guard let first = separators.first, first.count == 1 else { return separators.isEmpty }
        return allSeparators(are: first[first.startIndex])
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
