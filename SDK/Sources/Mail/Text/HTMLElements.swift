/// The effects of HTML elements on the rendered text.
enum HTMLElements {
    /// Elements that start and end a line.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
        "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol",
        "optgroup", "option", "p", "pre", "section", "select", "summary", "table", "tbody",
        "textarea", "tfoot", "thead", "title", "tr", "ul", "xmp", "plaintext",
    ]

    /// Elements whose content is not shown.
    static let rawTextElements: Set<String> = [
        "script", "style", "template", "iframe", "noembed", "noframes",
    ]

    private static let preformattedElements: Set<String> = [
        "pre", "textarea", "listing", "xmp", "plaintext",
    ]

    private static let linkSchemes = ["tel:", "sms:", "fax:", "mailto:", "callto:"]

    static func applyStart(
        _ name: String, attributes: [String: [UInt8]], to writer: inout HTMLTextWriter
    ) {
        if name == "br" {
            writer.lineBreak()
        } else if name == "td" || name == "th" {
            writer.cellSeparator()
        } else if blockElements.contains(name) {
            writer.blockBreak()
        }
        if preformattedElements.contains(name) {
            writer.preformattedDepth += 1
        }
        if name == "img", let alt = attributes["alt"] {
            writer.appendWord(decodeReferences(alt))
        }
        if name == "a", let href = attributes["href"] {
            let target = decodeReferences(href)
            let lowered = target.prefix(8).asciiLowercased()
            if linkSchemes.contains(where: { lowered.starts(with: $0.utf8) }) {
                writer.appendWord(target)
            }
        }
    }

    static func applyEnd(_ name: String, to writer: inout HTMLTextWriter) {
        if blockElements.contains(name) {
            writer.blockBreak()
        }
        if preformattedElements.contains(name) && writer.preformattedDepth > 0 {
            writer.preformattedDepth -= 1
        }
    }

    /// Decodes character references in an attribute value.
    private static func decodeReferences(_ value: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        value.withUnsafeBufferPointer { input in
            var index = 0
            while index < input.count {
                if input[index] == ASCII.ampersand {
                    let reference = HTMLCharacterReference.decode(input, at: index)
                    UTF8Encoding.append(reference.scalar, to: &output)
                    index += reference.length
                } else {
                    output.append(input[index])
                    index += 1
                }
            }
        }
        return output
    }
}
