/// Reading of one piece of HTML markup that starts with `<`, and its effect on the text.
enum HTMLMarkupReader {
    /// Reads the markup at `start`, where a `<` is, applies its effect to `writer`, and
    /// returns the index after it.
    static func read(
        _ input: UnsafeBufferPointer<UInt8>, at start: Int, into writer: inout HTMLTextWriter
    ) -> Int {
        guard start + 1 < input.count else {
            writer.appendTextByte(ASCII.lessThan)
            return start + 1
        }
        let next = input[start + 1]
        if next == 0x21 || next == ASCII.questionMark {
            if let end = skipDeclaration(input, at: start) { return end }
        } else if next == ASCII.slash, start + 2 < input.count, ASCII.isLetter(input[start + 2]) {
            if let end = readEndTag(input, at: start, into: &writer) { return end }
        } else if ASCII.isLetter(next) {
            if let end = readStartTag(input, at: start, into: &writer) { return end }
        }
        writer.appendTextByte(ASCII.lessThan)
        return start + 1
    }

    // MARK: - Comments and declarations

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    /// Skips a comment, doctype, CDATA section or processing instruction.
    private static func skipDeclaration(_ input: UnsafeBufferPointer<UInt8>, at start: Int)
        -> Int?
    {
        if hasPrefix(input, at: start, commentOpen) {
            if let close = find(commentClose, in: input, from: start + 4) {
                return close + 3
            }
        }
        guard let close = find([ASCII.greaterThan], in: input, from: start + 2) else {
            return nil
        }
        return close + 1
    }

    // MARK: - Tags

    private static func readEndTag(
        _ input: UnsafeBufferPointer<UInt8>, at start: Int, into writer: inout HTMLTextWriter
    ) -> Int? {
        let (name, nameEnd) = readName(input, from: start + 2)
        guard let close = find([ASCII.greaterThan], in: input, from: nameEnd) else { return nil }
        HTMLElements.applyEnd(name, to: &writer)
        return close + 1
    }

    private static func readStartTag(
        _ input: UnsafeBufferPointer<UInt8>, at start: Int, into writer: inout HTMLTextWriter
    ) -> Int? {
        let (name, nameEnd) = readName(input, from: start + 1)
        guard let tag = HTMLTagAttributes.read(input, from: nameEnd) else { return nil }
        HTMLElements.applyStart(name, attributes: tag.attributes, to: &writer)
        if HTMLElements.rawTextElements.contains(name),
            let endTag = findEndTag(name, in: input, from: tag.end)
        {
            return endTag
        }
        return tag.end
    }

    private static func readName(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> (
        String, Int
    ) {
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

    /// Returns the index of the `</name` that closes a raw text element such as `<style>`,
    /// or nil.
    private static func findEndTag(
        _ name: String, in input: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> Int? {
        let pattern = [ASCII.lessThan, ASCII.slash] + Array(name.utf8)
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
        return nil
    }

    // MARK: - Byte search

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
    static func read(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> HTMLTagAttributes? {
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
            guard let (value, next) = readValue(input, from: skipSpace(input, from: index + 1))
            else { return nil }
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

    private static func readValue(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> (
        [UInt8], Int
    )? {
        guard start < input.count else { return nil }
        let quote = input[start]
        if quote == ASCII.quote || quote == ASCII.apostrophe {
            guard let close = HTMLMarkupReader.find([quote], in: input, from: start + 1) else {
                return nil
            }
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
