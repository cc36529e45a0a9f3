/// Turning the decoded bytes of a part into the normalised text of its view.
enum TextViewBuilder {
    private static let headerBlockTypes: Set<String> = [
        "text/rfc822-headers", "message/global-headers",
    ]

    /// Converts `bytes` from the part's charset and renders them by `kind`: HTML to visible
    /// text, iCalendar and vCard unfolded, flowed text joined, and the header blocks of
    /// `text/rfc822-headers` and `message/global-headers` decoded field by field. Returns
    /// one text per charset reading, the declared one first, as
    /// `CharsetConverter.readings(_:declaredCharset:)` gives them.
    static func build(_ bytes: [UInt8], kind: TextKind, contentType: ContentType) -> [(
        text: [UInt8], issue: CharsetIssue?
    )] {
        var charset = contentType.charset
        if charset == nil && kind == .html {
            charset = HTMLCharsetSniffer.sniff(bytes)
        }
        if headerBlockTypes.contains(contentType.mimeType) {
            let split = HeaderBlock.split(bytes)
            let fields = HeaderTextView.renderAll(split.fields, fallbackCharset: charset)
            let rest = CharsetConverter.readings(
                Array(bytes[split.bodyOffset...]), declaredCharset: charset)
            return rest.map { reading in
                (TextNormalizer.normalize(fields + reading.utf8), reading.issue)
            }
        }
        return CharsetConverter.readings(bytes, declaredCharset: charset).map { decoded in
            (render(decoded.utf8, kind: kind, contentType: contentType), decoded.issue)
        }
    }

    private static func render(_ utf8: [UInt8], kind: TextKind, contentType: ContentType)
        -> [UInt8]
    {
        var text = utf8
        switch kind {
        case .html:
            text = HTMLTextExtractor.extract(text)
        case .calendar, .vcard:
            text = DirectoryText.extract(text)
        case .plain where contentType.parameters["format"]?.asciiLowercased == "flowed":
            let deleteSpace = contentType.parameters["delsp"]?.asciiLowercased == "yes"
            text = FlowedText.unflow(text, deleteSpace: deleteSpace)
        default:
            break
        }
        return TextNormalizer.normalize(text)
    }
}

/// Finding the charset an HTML document declares in a `<meta>` element.
enum HTMLCharsetSniffer {
    private static let charsetMarker = Array("charset".utf8)
    private static let metaMarker = Array("<meta".utf8)

    /// Returns the charset named by `charset=` inside a `<meta>` tag in the first 2048 bytes.
    static func sniff(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(2048).asciiLowercased()
        return head.withUnsafeBufferPointer { input -> String? in
            var searchFrom = 0
            while let meta = HTMLSearch.find(metaMarker, in: input, from: searchFrom) {
                let tagEnd =
                    HTMLSearch.find([ASCII.greaterThan], in: input, from: meta)
                    ?? input.count
                let tag = UnsafeBufferPointer(rebasing: input[meta..<tagEnd])
                if let marker = HTMLSearch.find(charsetMarker, in: tag, from: 0) {
                    return readLabel(tag, from: marker + charsetMarker.count)
                }
                searchFrom = tagEnd
            }
            return nil
        }
    }

    private static func readLabel(_ tag: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        var index = start
        while index < tag.count
            && (ASCII.isWhitespace(tag[index]) || tag[index] == ASCII.equals
                || tag[index] == ASCII.quote || tag[index] == ASCII.apostrophe)
        {
            index += 1
        }
        let labelStart = index
        while index < tag.count && ContentType.isTokenByte(tag[index]) { index += 1 }
        guard index > labelStart else { return nil }
        return String(
            decoding: UnsafeBufferPointer(rebasing: tag[labelStart..<index]), as: UTF8.self)
    }
}
