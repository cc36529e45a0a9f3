/// The syntax of a DNS host name as `tlsguard probe` accepts it (RFC 1123 section 2.1).
/// Labels are ASCII letters, digits and hyphens, 1 to 63 bytes each, and do not start or
/// end with a hyphen. The name is at most 253 bytes, with an optional final dot.
/// Internationalised names must be given in their `xn--` form.
enum DomainNameSyntax {
    /// Returns what is wrong with `name`, or nil when it is a valid domain name.
    static func problem(in name: String) -> String? {
        let bare = name.hasSuffix(".") ? String(name.dropLast()) : name
        guard !bare.isEmpty else { return "the name is empty" }
        guard bare.utf8.count <= 253 else {
            return "the name is \(bare.utf8.count) bytes long, over the limit of 253"
        }
        for label in bare.split(separator: ".", omittingEmptySubsequences: false) {
            if let problem = labelProblem(label) { return problem }
        }
        return nil
    }

    private static func labelProblem(_ label: Substring) -> String? {
        guard !label.isEmpty else { return "the name has an empty label (two dots in a row)" }
        guard label.utf8.count <= 63 else {
            return "the label '\(label)' is \(label.utf8.count) bytes long, over the limit of 63"
        }
        guard let bad = label.unicodeScalars.first(where: { !isLabelCharacter($0) }) else {
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return "the label '\(label)' starts or ends with a hyphen"
            }
            return nil
        }
        return "the character '\(bad.escaped(asASCII: true))' is not allowed; use letters, "
            + "digits, hyphens and dots (an internationalised name in its xn-- form)"
    }

    private static func isLabelCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-": true
        default: false
        }
    }
}
