import Mail

/// Chooses the texts of a message that the detectors read.
enum MessageViews {
    /// Returns every text view of the message. When the parser gave no view of the
    /// top-level headers, adds one holding the raw Subject, so that a subject is scanned
    /// even by a parser that does not decode headers.
    static func views(of message: ParsedMessage) -> [TextView] {
        var views = message.textViews
        let hasHeaderView = views.contains { $0.kind == .headers && $0.partPath == "1" }
        if !hasHeaderView, let subject = rawSubject(of: message) {
            views.insert(TextView(partPath: "1", kind: .headers, text: subject), at: 0)
        }
        return views
    }

    /// Returns the subject: the decoded header view's `Subject:` line when there is one,
    /// else the raw header value.
    static func subject(of message: ParsedMessage) -> [UInt8]? {
        if let view = message.textViews.first(where: { $0.kind == .headers && $0.partPath == "1" }
        ) {
            return subjectLine(in: view.text) ?? view.text
        }
        return rawSubject(of: message)
    }

    /// Returns true for views of message bodies, where body triggers are looked for.
    static func isBody(_ view: TextView) -> Bool {
        view.kind == .plain || view.kind == .html
    }

    private static func rawSubject(of message: ParsedMessage) -> [UInt8]? {
        message.headers.first { $0.hasName("Subject") }?.rawValue
    }

    private static func subjectLine(in text: [UInt8]) -> [UInt8]? {
        let prefix = Array("subject:".utf8)
        for line in text.split(separator: 0x0A) where line.count >= prefix.count {
            if zip(line.prefix(prefix.count), prefix).allSatisfy({ ASCII.lowercased($0) == $1 }) {
                return Array(line.dropFirst(prefix.count))
            }
        }
        return nil
    }
}
