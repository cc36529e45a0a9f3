import Mail
import PluginAPI

/// The rule that decides which unscanned content of a message counts: all of it, except
/// small images of the types in `phi_unscanned_exempt_types`.
///
/// Logos and signature images would otherwise make almost every newsletter and many
/// replies sensitive. Scanned documents and faxes are images too, so the exemption is
/// bounded by size, and it holds only when the part's bytes are an image of an exempt type:
/// a PDF or an office file declared as `image/png` still counts.
struct UnscannedPolicy: Sendable {
    let exemptTypes: [MediaTypePattern]
    /// Decoded bytes; a larger image counts as unscanned content.
    let exemptMaxSize: Int

    /// The unscanned content of one message, split by the rule.
    struct Classification {
        /// Content that makes the message sensitive when `phi_unscanned_is_sensitive` is on.
        var counted: [UnscannedContent] = []
        /// Small images that do not count.
        var exempted: [UnscannedContent] = []
    }

    /// Reads `phi_unscanned_exempt_types` and `phi_unscanned_exempt_max_size`.
    ///
    /// - Throws: `ConfigError.unusable` for a pattern that is not a media type.
    init(_ configuration: PluginConfiguration) throws {
        let key = "phi_unscanned_exempt_types"
        var patterns: [MediaTypePattern] = []
        for item in try configuration.list(key) {
            patterns.append(try MediaTypePattern(item, key: key))
        }
        exemptTypes = patterns
        exemptMaxSize = try configuration.integer("phi_unscanned_exempt_max_size")
    }

    /// Splits every piece of unscanned content of `message`, in all its readings, into
    /// the content that counts and the exempt images.
    func classify(_ message: ParsedMessage) -> Classification {
        var classification = Classification()
        for entry in message.unscannedContent {
            if isExempt(entry) {
                classification.exempted.append(entry)
            } else {
                classification.counted.append(entry)
            }
        }
        return classification
    }

    /// Returns true for a part that is not scanned only because it is binary content, is
    /// no larger than `exemptMaxSize`, declares an exempt type, and whose first bytes carry
    /// the signature of an exempt type.
    func isExempt(_ entry: UnscannedContent) -> Bool {
        guard entry.notScannedReason == .binaryContent, let part = entry.part,
            part.decodedSize <= exemptMaxSize, let detected = part.detectedType
        else {
            return false
        }
        return isExemptType(part.contentType) && isExemptType(detected)
    }

    private func isExemptType(_ mediaType: String) -> Bool {
        exemptTypes.contains { $0.matches(mediaType) }
    }
}
