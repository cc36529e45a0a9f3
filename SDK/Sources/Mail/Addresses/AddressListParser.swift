/// Parsing of RFC 5322 address lists (From, To, Cc, Bcc, Reply-To, Sender, Resent-*).
///
/// Handles display names, quoted local parts, groups, comments, domain literals and the
/// obsolete forms (routes, white space around dots). It also reads common damage: a
/// missing `>`, doubled angle brackets, an unquoted comma in a display name
/// (`Doe, Jane <jane@example.org>`) and addresses without a domain. The address is taken
/// from the raw tokens first; the display name is decoded afterwards, so an encoded name
/// that decodes to another address never replaces the real one.
public enum AddressListParser {
    /// Parses an address list value, raw (folded) or unfolded.
    public static func parse(_ value: some Collection<UInt8>) -> [Address] {
        let tokens = AddressTokenizer.tokenize(HeaderUnfolding.unfold(value))
        var cursor = TokenCursor(tokens: tokens)
        var entries: [ParsedEntry] = []
        while !cursor.isAtEnd {
            if cursor.skip(specials: [ASCII.comma, ASCII.semicolon, ASCII.greaterThan]) {
                continue
            }
            if let entry = parseEntry(&cursor, insideGroup: false) {
                entries.append(entry)
            }
        }
        return mergeSplitDisplayNames(entries).map(\.address)
    }

    /// Parses the value of `field` as an address list.
    public static func parse(_ field: HeaderField) -> [Address] {
        parse(field.rawValue)
    }

    // MARK: - Entries

    /// An address with the facts the comma repair needs.
    struct ParsedEntry {
        var address: Address
        /// True when the address came from `<...>`.
        var hadAngleAddress: Bool
        /// The text of a bare phrase without `@`, such as `Doe` in `Doe, Jane <j@x>`.
        var barePhrase: String?
    }

    private static func parseEntry(_ cursor: inout TokenCursor, insideGroup: Bool)
        -> ParsedEntry?
    {
        var phrase: [AddressToken] = []
        var comments: [[UInt8]] = []
        while let token = cursor.current {
            switch token.kind {
            case .comment:
                comments.append(token.bytes)
                cursor.advance()
            case .special(ASCII.lessThan):
                cursor.advance()
                return parseAngleAddress(&cursor, phrase: phrase, comments: comments)
            case .special(ASCII.colon) where !insideGroup:
                cursor.advance()
                return parseGroup(&cursor, phrase: phrase)
            case .special(ASCII.comma), .special(ASCII.semicolon):
                return addrSpecEntry(phrase, comments: comments)
            default:
                phrase.append(token)
                cursor.advance()
            }
        }
        return addrSpecEntry(phrase, comments: comments)
    }

    private static func parseAngleAddress(
        _ cursor: inout TokenCursor, phrase: [AddressToken], comments: [[UInt8]]
    ) -> ParsedEntry {
        var comments = comments
        var inner: [AddressToken] = []
        let hasClosing = cursor.closesBeforeNextAngle()
        while let token = cursor.current {
            if token.kind == .special(ASCII.greaterThan) {
                cursor.advance()
                break
            }
            if !hasClosing && token.kind == .special(ASCII.comma) { break }
            if token.kind == .comment {
                comments.append(token.bytes)
            } else if token.kind != .special(ASCII.lessThan) {
                inner.append(token)
            }
            cursor.advance()
        }
        // Anything after `>` up to the next comma: comments count, the rest is noise.
        while let token = cursor.current, token.kind != .special(ASCII.comma),
            token.kind != .special(ASCII.semicolon)
        {
            if token.kind == .comment { comments.append(token.bytes) }
            cursor.advance()
        }
        var mailbox = makeMailbox(addrSpec: dropRoute(inner), comments: comments)
        mailbox.displayName = displayName(of: phrase)
        return ParsedEntry(address: .mailbox(mailbox), hadAngleAddress: true, barePhrase: nil)
    }

    private static func parseGroup(_ cursor: inout TokenCursor, phrase: [AddressToken])
        -> ParsedEntry
    {
        var members: [Mailbox] = []
        while let token = cursor.current {
            if token.kind == .special(ASCII.semicolon) {
                cursor.advance()
                break
            }
            if cursor.skip(specials: [ASCII.comma, ASCII.greaterThan]) { continue }
            if let entry = parseEntry(&cursor, insideGroup: true) {
                members.append(contentsOf: entry.address.mailboxes)
            }
        }
        let name = displayName(of: phrase) ?? ""
        return ParsedEntry(
            address: .group(name: name, members: members), hadAngleAddress: false,
            barePhrase: nil)
    }

    private static func addrSpecEntry(_ tokens: [AddressToken], comments: [[UInt8]])
        -> ParsedEntry?
    {
        guard !tokens.isEmpty else { return nil }
        let mailbox = makeMailbox(addrSpec: tokens, comments: comments)
        let barePhrase = mailbox.domain == nil ? displayName(of: tokens) : nil
        return ParsedEntry(
            address: .mailbox(mailbox), hadAngleAddress: false, barePhrase: barePhrase)
    }

    // MARK: - Building mailboxes

    /// Removes an obsolete route (`@relay1,@relay2:`) from the tokens inside `<...>`.
    private static func dropRoute(_ tokens: [AddressToken]) -> [AddressToken] {
        guard tokens.first?.kind == .special(ASCII.at),
            let colon = tokens.firstIndex(where: { $0.kind == .special(ASCII.colon) })
        else { return tokens }
        return Array(tokens[(colon + 1)...])
    }

    private static func makeMailbox(addrSpec tokens: [AddressToken], comments: [[UInt8]])
        -> Mailbox
    {
        let at = tokens.lastIndex { $0.kind == .special(ASCII.at) }
        let localTokens = at.map { tokens[..<$0] } ?? tokens[...]
        let domainTokens = at.map { tokens[($0 + 1)...] } ?? []
        let local = String(decoding: joinAddrSpec(localTokens), as: UTF8.self)
        let domain = at == nil ? nil : String(decoding: joinAddrSpec(domainTokens), as: UTF8.self)
        return Mailbox(
            displayName: nil, localPart: local, domain: domain, comment: commentText(comments))
    }

    /// Joins addr-spec tokens without the white space that the obsolete syntax allows.
    private static func joinAddrSpec(_ tokens: ArraySlice<AddressToken>) -> [UInt8] {
        var output: [UInt8] = []
        for token in tokens {
            switch token.kind {
            case .domainLiteral:
                output.append(ASCII.openBracket)
                output.append(contentsOf: token.bytes)
                output.append(ASCII.closeBracket)
            case .comment:
                continue
            default:
                output.append(contentsOf: token.bytes)
            }
        }
        return output
    }

    /// Returns the phrase as written, with white space between words kept, RFC 2047-decoded.
    static func displayName(of phrase: [AddressToken]) -> String? {
        var bytes: [UInt8] = []
        for token in phrase {
            if token.precededBySpace && !bytes.isEmpty { bytes.append(ASCII.space) }
            if token.kind == .domainLiteral {
                bytes.append(ASCII.openBracket)
                bytes.append(contentsOf: token.bytes)
                bytes.append(ASCII.closeBracket)
            } else {
                bytes.append(contentsOf: token.bytes)
            }
        }
        let text = EncodedWordDecoder.decode(bytes).text
        let trimmed = Array(text.utf8).trimmingFoldingWhitespace()
        return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }

    private static func commentText(_ comments: [[UInt8]]) -> String? {
        let texts = comments.map { EncodedWordDecoder.decode($0).text }.filter { !$0.isEmpty }
        return texts.isEmpty ? nil : texts.joined(separator: " ")
    }

    // MARK: - Repair

    /// Joins `Doe` and `Jane <jane@example.org>` back into one mailbox whose display name
    /// is `Doe, Jane`, the reading of an unquoted comma that mail clients show.
    private static func mergeSplitDisplayNames(_ entries: [ParsedEntry]) -> [ParsedEntry] {
        var result: [ParsedEntry] = []
        var index = 0
        while index < entries.count {
            let entry = entries[index]
            if let prefix = entry.barePhrase, index + 1 < entries.count,
                entries[index + 1].hadAngleAddress,
                case .mailbox(var next) = entries[index + 1].address
            {
                next.displayName = [prefix, next.displayName].compactMap { $0 }
                    .joined(separator: ", ")
                result.append(
                    ParsedEntry(address: .mailbox(next), hadAngleAddress: true, barePhrase: nil))
                index += 2
                continue
            }
            result.append(entry)
            index += 1
        }
        return result
    }
}

/// A position in a token list.
struct TokenCursor {
    let tokens: [AddressToken]
    private(set) var index = 0

    init(tokens: [AddressToken]) {
        self.tokens = tokens
    }

    var isAtEnd: Bool { index >= tokens.count }
    var current: AddressToken? { index < tokens.count ? tokens[index] : nil }

    mutating func advance() {
        index += 1
    }

    /// Skips one token if it is one of `specials`; returns whether it did.
    mutating func skip(specials: [UInt8]) -> Bool {
        guard let token = current, case .special(let byte) = token.kind,
            specials.contains(byte)
        else { return false }
        index += 1
        return true
    }

    /// True when a `>` comes before the next `<`, so the open angle address is closed
    /// (a route inside it may contain commas).
    func closesBeforeNextAngle() -> Bool {
        var position = index
        while position < tokens.count {
            if case .special(let byte) = tokens[position].kind {
                if byte == ASCII.greaterThan { return true }
                if byte == ASCII.lessThan { return false }
            }
            position += 1
        }
        return false
    }
}
