/// Reads a person's name next to a label: after `Patient:` or `our patient`, or before
/// `, MRN` and `(DOB`. Names are words of letters in any script, with inner hyphens and
/// apostrophes (`Okonkwo-Hale`, `O'Neil`), in the orders `First Last`, `First M Last` and
/// `LAST, FIRST M`.
struct NameReader {
    /// The maximum number of words in one name.
    static let maxWords = 4

    let text: UnsafeBufferPointer<UInt8>
    /// Words that are not part of a name, such as `below`, `Clinic` or `diabetes`.
    let excludedWords: WordSet

    /// A name's byte range.
    struct Name: Equatable {
        var start: Int
        var end: Int
    }

    /// Reads a name that starts after a label ending at `labelEnd`.
    ///
    /// After `:`, `=`, a tab or a line break the name may be in any case (`PATIENT: EXAMPLE,
    /// ALICE M`, `patient: alice example`). After a space alone, as in `our patient Silas
    /// Thornquist`, each word must start with a capital letter.
    func name(afterLabelEnd labelEnd: Int) -> Name? {
        var index = labelEnd
        var separated = false
        var lineBreaks = 0
        while index < text.count && index - labelEnd < 8 {
            let byte = text[index]
            if byte == 0x3A || byte == 0x09 || byte == 0x2D || byte == 0x3D {
                separated = true
            } else if (byte == 0x2E || byte == 0x2C) && index == labelEnd {
                // The dot of an abbreviated title, as in `Mrs. Jane Doe`, or a comma, as in
                // `the patient, Jane Doe,`.
            } else if byte == 0x0A {
                separated = true
                lineBreaks += 1
            } else if byte != 0x20 && byte != 0x0D {
                break
            }
            index += 1
        }
        guard lineBreaks <= 1 else { return nil }
        return readForward(from: index, requireCapitals: !separated)
    }

    /// Reads a capitalised name that ends right before `position`, separated from it by
    /// `, `, ` (`, ` - ` or a space, on the same line.
    func name(endingBefore position: Int) -> Name? {
        var index = position
        var skipped = 0
        while index > 0 && skipped < 3 {
            let byte = text[index - 1]
            guard byte == 0x20 || byte == 0x2C || byte == 0x28 || byte == 0x2D else { break }
            index -= 1
            skipped += 1
        }
        guard skipped > 0 else { return nil }

        var words = NameWords()
        var end = index
        while words.count < NameReader.maxWords {
            let start = wordStart(endingAt: end)
            guard start < end, isNameWord(start, end, requireCapital: true) else { break }
            words.prepend(start, end)
            guard start > 0, text[start - 1] == 0x20 else { break }
            end = start - 1
        }
        return words.name
    }

    /// Reads a name that starts at `start`, such as the value of a CSV cell.
    func name(at start: Int, requireCapitals: Bool) -> Name? {
        readForward(from: start, requireCapitals: requireCapitals)
    }

    private func readForward(from start: Int, requireCapitals: Bool) -> Name? {
        var words = NameWords()
        var index = start
        var usedComma = false
        while words.count < NameReader.maxWords, index < text.count {
            let end = wordEnd(startingAt: index)
            guard end > index, isNameWord(index, end, requireCapital: requireCapitals) else {
                break
            }
            words.append(index, end)
            index = end
            if index < text.count && text[index] == 0x2E { index += 1 }
            if index < text.count && text[index] == 0x2C && !usedComma {
                usedComma = true
                index += 1
            }
            if index < text.count && text[index] == 0x20 {
                index += 1
            } else if isNonBreakingSpace(at: index) {
                index += 2
            } else {
                break
            }
        }
        return words.name
    }

    private func isNameWord(_ start: Int, _ end: Int, requireCapital: Bool) -> Bool {
        let first = text[start]
        guard ASCII.isWordLetter(first) else { return false }
        if requireCapital && !(ASCII.isUpper(first) || first >= 0x80) { return false }
        if end - start == 1 { return ASCII.isUpper(first) }
        return !excludedWords.contains(text[start..<end])
    }

    private func wordEnd(startingAt start: Int) -> Int {
        var index = start
        while index < text.count && !isNonBreakingSpace(at: index) {
            let byte = text[index]
            if ASCII.isWordLetter(byte) {
                index += 1
            } else if (byte == 0x2D || byte == 0x27) && index > start && index + 1 < text.count
                && ASCII.isWordLetter(text[index + 1])
            {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    /// Returns true at U+00A0, which HTML's `&nbsp;` becomes.
    private func isNonBreakingSpace(at index: Int) -> Bool {
        index + 1 < text.count && text[index] == 0xC2 && text[index + 1] == 0xA0
    }

    private func wordStart(endingAt end: Int) -> Int {
        var index = end
        while index > 0 {
            let byte = text[index - 1]
            if ASCII.isWordLetter(byte) {
                index -= 1
            } else if (byte == 0x2D || byte == 0x27) && index < end && index >= 2
                && ASCII.isWordLetter(text[index - 2])
            {
                index -= 1
            } else {
                break
            }
        }
        return index
    }
}

/// The words of a name as `NameReader` reads them: how many, the first and the last, and
/// how many have two letters or more. Kept without an array, since a name has at most
/// `NameReader.maxWords` words.
private struct NameWords {
    private(set) var count = 0
    private var fullWords = 0
    private var first = (start: 0, end: 0)
    private var last = (start: 0, end: 0)

    /// Adds a word after the others.
    mutating func append(_ start: Int, _ end: Int) {
        if count == 0 { first = (start, end) }
        last = (start, end)
        add(start, end)
    }

    /// Adds a word before the others.
    mutating func prepend(_ start: Int, _ end: Int) {
        if count == 0 { last = (start, end) }
        first = (start, end)
        add(start, end)
    }

    private mutating func add(_ start: Int, _ end: Int) {
        count += 1
        if end - start >= 2 { fullWords += 1 }
    }

    /// The name the words make: two to four words of which at least two have two letters
    /// or more, or an initial followed by a word, as in `J. Smith`. Nil for other words.
    var name: NameReader.Name? {
        guard count >= 2 else { return nil }
        let initialThenName = first.end - first.start == 1 && last.end - last.start >= 2
        guard fullWords >= 2 || initialThenName else { return nil }
        return NameReader.Name(start: first.start, end: last.end)
    }
}
