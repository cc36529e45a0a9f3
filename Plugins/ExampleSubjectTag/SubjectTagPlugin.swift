import Mail
import PluginAPI

/// An example third-party rule plugin: it tags the subject of messages from given sender
/// domains, or whose subject or text contains a given keyword, and adds a header that
/// names the reason.
///
/// It is built as a shared library (`libExampleSubjectTag.so`) and loaded through
/// `plugin_paths`, the way a plugin written outside this repository would be.
public final class SubjectTagPlugin: RulePlugin {
    let senderDomains: Set<String>
    let keywords: [[UInt8]]
    let tag: String

    public static let descriptor = PluginDescriptor(
        name: "subject_tag",
        summary: "Tag the subject of mail from listed sender domains or with a keyword",
        configKeys: [
            ConfigKey(
                "subject_tag_sender_domains", .list, default: "",
                "Sender domains whose mail is tagged, such as 'lab.example.com'."),
            ConfigKey(
                "subject_tag_keywords", .list, default: "",
                "Words that get a message tagged when they appear in its subject or text, "
                    + "compared without regard to ASCII case."),
            ConfigKey(
                "subject_tag_text", .string, default: "[TAGGED]",
                "The text put before the subject."),
        ],
        failurePolicy: .continue,
        timeBudget: .seconds(5),
        make: { configuration in try SubjectTagPlugin(configuration) }
    )

    init(_ configuration: PluginConfiguration) throws {
        senderDomains = Set(
            try configuration.list("subject_tag_sender_domains").map { $0.lowercased() })
        keywords = try configuration.list("subject_tag_keywords").map {
            Array($0.lowercased().utf8)
        }
        tag = try configuration.string("subject_tag_text")
        guard !tag.isEmpty else {
            throw ConfigError.unusable(
                key: "subject_tag_text", value: tag, reason: "the tag must not be empty")
        }
    }

    public func endOfMessage(_ context: MessageContext) throws -> StageResult {
        guard let reason = reasonToTag(context) else {
            return .continue
        }
        return StageResult(
            actions: [
                .tagSubject(tag: tag),
                .addHeader(name: "X-TLSGuard-Subject-Tag", value: reason),
            ],
            rules: ["subject_tag." + reason.prefix { $0 != "=" }])
    }

    private func reasonToTag(_ context: MessageContext) -> String? {
        if let domain = context.envelope.sender?.domain, senderDomains.contains(domain) {
            return "sender_domain=" + domain
        }
        let subjects = context.headers.filter { $0.hasName("Subject") }.map(\.rawValue)
        let texts = subjects + context.message.textViews.map(\.text)
        for (index, keyword) in keywords.enumerated() where !keyword.isEmpty {
            if texts.contains(where: { SubjectTagPlugin.contains($0, keyword) }) {
                return "keyword=\(index + 1)"
            }
        }
        return nil
    }

    /// Finds `needle` (already lower-case ASCII) in `haystack`, ignoring ASCII case.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            var matched = true
            for offset in 0..<needle.count {
                var byte = haystack[start + offset]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte != needle[offset] {
                    matched = false
                    break
                }
            }
            if matched { return true }
        }
        return false
    }
}
