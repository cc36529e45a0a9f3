/// Reading of HTML markup that starts with `<`, and its effect on the text.
///
/// One reader serves a whole document. It remembers forward searches that failed, such as
/// "no `-->` after offset 1200", so that many unterminated comments, tags or quotes cost
/// linear time instead of one scan to the end each.
struct HTMLMarkupReader {
    let input: UnsafeBufferPointer<UInt8>
    private var search: HTMLSearch

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        search = HTMLSearch(input)
    }

    /// Reads the markup at `start`, where a `<` is, applies its effect to `writer`, and
    /// returns the index after it.
    mutating func read(at start: Int, into writer: inout HTMLTextWriter) -> Int {
        guard start + 1 < input.count else {
            writer.appendTextByte(ASCII.lessThan)
            return start + 1
        }
        let next = input[start + 1]
        if next == 0x21 || next == ASCII.questionMark {
            if let end = skipDeclaration(at: start) { return end }
        } else if next == ASCII.slash, start + 2 < input.count, ASCII.isLetter(input[start + 2]) {
            if let end = readEndTag(at: start, into: &writer) { return end }
        } else if ASCII.isLetter(next) {
            if let end = readStartTag(at: start, into: &writer) { return end }
        }
        writer.appendTextByte(ASCII.lessThan)
        return start + 1
    }

    // MARK: - Comments and declarations

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    /// Skips a comment, doctype, CDATA section or processing instruction.
    private mutating func skipDeclaration(at start: Int) -> Int? {
        if HTMLSearch.hasPrefix(input, at: start, Self.commentOpen) {
            if let close = search.find(Self.commentClose, from: start + 4) {
                return close + 3
            }
        }
        guard let close = search.find([ASCII.greaterThan], from: start + 2) else {
            return nil
        }
        return close + 1
    }

    // MARK: - Tags

    private mutating func readEndTag(at start: Int, into writer: inout HTMLTextWriter) -> Int? {
        let (name, nameEnd) = readName(from: start + 2)
        guard let close = search.find([ASCII.greaterThan], from: nameEnd) else { return nil }
        HTMLElements.applyEnd(name, to: &writer)
        return close + 1
    }

    private mutating func readStartTag(at start: Int, into writer: inout HTMLTextWriter) -> Int? {
        let (name, nameEnd) = readName(from: start + 1)
        guard let tag = HTMLTagAttributes.read(from: nameEnd, search: &search) else { return nil }
        HTMLElements.applyStart(name, attributes: tag.attributes, to: &writer)
        if HTMLElements.rawTextElements.contains(name),
            let endTag = search.findEndTag(name, from: tag.end)
        {
            return endTag
        }
        return tag.end
    }

    private func readName(from start: Int) -> (String, Int) {
        var end = start
        while end < input.count {
            let byte = input[end]
            guard
                ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == ASCII.hyphen
                    || byte == ASCII.colon
            else { break }
            end += 1
        }
        let name = UnsafeBufferPointer(rebasing: input[start..<end]).asciiLowercased()
        return (String(decoding: name, as: UTF8.self), end)
    }
}

/// Forward byte searches in one document that remember where a pattern is missing.
struct HTMLSearch {
    let input: UnsafeBufferPointer<UInt8>
    /// For each pattern, the lowest offset from which a search found nothing.
    private var missingFrom: [[UInt8]: Int] = [:]

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    /// Returns the index of the first `pattern` at or after `start`, or nil.
    mutating func find(_ pattern: [UInt8], from start: Int) -> Int? {
        if let missing = missingFrom[pattern], missing <= start { return nil }
        if let found = Self.find(pattern, in: input, from: start) { return found }
        missingFrom[pattern] = min(missingFrom[pattern] ?? start, start)
        return nil
    }

    /// Returns the index of the `</name` that closes a raw text element such as `<style>`,
    /// compared without case, or nil.
    mutating func findEndTag(_ name: String, from start: Int) -> Int? {
        let pattern = [ASCII.lessThan, ASCII.slash] + Array(name.utf8)
        if let missing = missingFrom[pattern], missing <= start { return nil }
        var index = start
        while index + pattern.count <= input.count {
            if input[index] == ASCII.lessThan
                && UnsafeBufferPointer(rebasing: input[index..<index + pattern.count])
                    .equalsIgnoringASCIICase(pattern)
            {
                let after = index + pattern.count
                if after == input.count || !ASCII.isLetter(input[after]) {
                    return index
                }
            }
            index += 1
        }
        missingFrom[pattern] = start
        return nil
    }

    static func hasPrefix(_ input: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: [UInt8])
        -> Bool
    {
        guard start + prefix.count <= input.count else { return false }
        return prefix.indices.allSatisfy { input[start + $0] == prefix[$0] }
    }

    static func find(_ pattern: [UInt8], in input: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int?
    {
        guard let first = pattern.first else { return nil }
        var index = start
        while index + pattern.count <= input.count {
            if input[index] == first && hasPrefix(input, at: index, pattern) {
                return index
            }
            index += 1
        }
        return nil
    }
}

/// The attributes of a start tag that change the text: `alt` and `href`.
struct HTMLTagAttributes {
    var attributes: [String: [UInt8]] = [:]
    /// Index after the closing `>`.
    var end = 0

    private static let kept: Set<String> = ["alt", "href"]

    /// Reads attributes up to the closing `>`, which may not be inside quotes. Returns nil
    /// when the tag never closes.
    static func read(from start: Int, search: inout HTMLSearch) -> HTMLTagAttributes? {
        // Without any `>` ahead the tag cannot close; the cached search makes this check
        // constant time after its first failure.
        guard search.find([ASCII.greaterThan], from: start) != nil else { return nil }
        let input = search.input
        var result = HTMLTagAttributes()
        var index = start
        while index < input.count {
            let byte = input[index]
            if byte == ASCII.greaterThan {
                result.end = index + 1
                return result
            }
            if ASCII.isFoldingWhitespace(byte) || byte == ASCII.slash {
                index += 1
                continue
            }
            let nameStart = index
            while index < input.count && !ASCII.isFoldingWhitespace(input[index])
                && input[index] != ASCII.equals && input[index] != ASCII.greaterThan
                && input[index] != ASCII.slash
            {
                index += 1
            }
            let name = String(
                decoding: UnsafeBufferPointer(rebasing: input[nameStart..<index]).asciiLowercased(),
                as: UTF8.self)
            index = skipSpace(input, from: index)
            guard index < input.count, input[index] == ASCII.equals else { continue }
            let valueStart = skipSpace(input, from: index + 1)
            guard let (value, next) = readValue(from: valueStart, search: &search) else {
                return nil
            }
            if kept.contains(name) {
                result.attributes[name] = value
            }
            index = next
        }
        return nil
    }

    private static func skipSpace(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < input.count && ASCII.isFoldingWhitespace(input[index]) { index += 1 }
        return index
    }

    private static func readValue(from start: Int, search: inout HTMLSearch) -> (
        [UInt8], Int
    )? {
        let input = search.input
        guard start < input.count else { return nil }
        let quote = input[start]
        if quote == ASCII.quote || quote == ASCII.apostrophe {
            guard let close = search.find([quote], from: start + 1) else { return nil }
            return (Array(UnsafeBufferPointer(rebasing: input[(start + 1)..<close])), close + 1)
        }
        var end = start
        while end < input.count && !ASCII.isFoldingWhitespace(input[end])
            && input[end] != ASCII.greaterThan
        {
            end += 1
        }
        return (Array(UnsafeBufferPointer(rebasing: input[start..<end])), end)
    }
}
