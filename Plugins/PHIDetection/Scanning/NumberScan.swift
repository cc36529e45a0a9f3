/// Finds the first digit of every run of digits in a text and hands it to
/// `NumberExtractor`, skipping the runs that a number already read contains.
enum NumberScan {
    /// Appends the number candidates of `text` to `result`, in order of their start.
    ///
    /// Reads the text eight bytes at a time and computes which of them are digits with a
    /// few integer operations on the 64-bit word. Prose is mostly runs of sixteen bytes
    /// without a digit, and the search passes over each run with one test of two words.
    static func scan(_ text: UnsafeBufferPointer<UInt8>, into result: inout ViewScan) {
        guard let base = text.baseAddress else { return }
        let count = text.count
        var resumeAt = 0
        var index = 0
        // 0x80 when the byte before the current word is a digit, at the place of byte 0.
        var digitBefore: UInt64 = 0

        while index &+ 8 <= count {
            if index &+ 16 <= count && !hasDigit(UnsafeRawPointer(base + index)) {
                // No run of digits starts here, and the next word follows a non-digit.
                digitBefore = 0
                index &+= 16
                continue
            }
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let digits = digitMask(word)
            var starts = digits & ~((digits << 8) | digitBefore)
            digitBefore = digits >> 56
            while starts != 0 {
                let position = index &+ starts.trailingZeroBitCount >> 3
                starts &= starts &- 1
                guard position >= resumeAt else { continue }
                resumeAt = NumberExtractor.extract(text, digitAt: position, into: &result)
            }
            if resumeAt > index &+ 8 {
                // Jump over the number just read; its last byte decides the next word's
                // first start.
                index = resumeAt
                digitBefore = index < count && ASCII.isDigit(base[index &- 1]) ? 0x80 : 0
            } else {
                index &+= 8
            }
        }
        while index < count {
            if ASCII.isDigit(base[index]) && (index == 0 || !ASCII.isDigit(base[index &- 1]))
                && index >= resumeAt
            {
                resumeAt = NumberExtractor.extract(text, digitAt: index, into: &result)
            }
            index &+= 1
        }
    }

    /// Returns true when one of the sixteen bytes at `bytes` is an ASCII digit.
    @inline(__always)
    static func hasDigit(_ bytes: UnsafeRawPointer) -> Bool {
        let first = bytes.loadUnaligned(as: UInt64.self)
        let second = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        return digitMask(first) | digitMask(second) != 0
    }

    /// Returns 0x80 in each byte of `word` that is an ASCII digit and 0 in the others.
    ///
    /// After the XOR a digit byte is 0 to 9. Adding 0x76 to its low seven bits sets bit 7
    /// for values of 10 and above, and no byte carries into the next because 0x7F + 0x76
    /// is below 0x100. Bytes that had bit 7 set after the XOR are no digits either.
    @inline(__always)
    static func digitMask(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let offset = word ^ 0x3030_3030_3030_3030
        let notDigit = ((offset & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | offset
        return ~notDigit & high
    }

    /// Appends the number candidates of `text` to `result`, reading byte by byte: the
    /// reference that tests compare `scan` against.
    static func scanPlain(_ text: UnsafeBufferPointer<UInt8>, into result: inout ViewScan) {
        var resumeAt = 0
        for index in 0..<text.count where index >= resumeAt && ASCII.isDigit(text[index]) {
            if index > 0 && ASCII.isDigit(text[index - 1]) { continue }
            resumeAt = NumberExtractor.extract(text, digitAt: index, into: &result)
        }
    }
}
