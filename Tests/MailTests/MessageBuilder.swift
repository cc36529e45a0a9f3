import Mail

/// Builds test messages from lines, joined with CRLF unless another ending is given.
enum MessageBuilder {
    static func crlf(_ lines: String...) -> [UInt8] {
        join(lines, with: "\r\n")
    }

    static func lf(_ lines: String...) -> [UInt8] {
        join(lines, with: "\n")
    }

    static func join(_ lines: [String], with ending: String) -> [UInt8] {
        Array(lines.joined(separator: ending).utf8) + Array(ending.utf8)
    }

    /// Returns the lines of a multipart entity with one part per entry of `parts`, each
    /// being header lines, a blank line, then the content.
    static func multipart(type: String = "mixed", boundary: String, parts: [String]) -> [String] {
        var lines = ["Content-Type: multipart/\(type); boundary=\"\(boundary)\"", ""]
        for part in parts {
            lines.append("--\(boundary)")
            lines.append(part)
        }
        lines.append("--\(boundary)--")
        return lines
    }
}
