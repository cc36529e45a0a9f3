import Mail
import PluginAPI

/// The milter's limits on the header of one message, applied in replay. A message that
/// the milter refuses at end of headers is then refused in replay with the same reply,
/// not judged on a header that the milter never passes on.
struct ReplayHeaderLimits: Sendable {
    /// Most header fields in one message (`milter_max_header_count`).
    var maxFieldCount: Int
    /// Most bytes of field names and values together (`milter_max_header_size`).
    var maxBytes: Int

    /// The milter's reply to a header over either limit.
    static let rejection = StageDecision(
        verdict: .reject, reply: .constant(552, "5.3.4", "Message header too large"))

    init(_ configuration: EngineConfiguration) {
        maxFieldCount = configuration.integer(DaemonKeys.maxHeaderCount)
        maxBytes = configuration.integer(DaemonKeys.maxHeaderSize)
    }

    /// Limits for splitting the header off a replayed message. They keep one field and
    /// some bytes more than the milter's limits, because a header that the splitter cut
    /// to size would pass `check(_:)`.
    var splitLimits: MIMELimits {
        var limits = MIMELimits()
        limits.maxHeaderFields = maxFieldCount + 1
        limits.maxHeaderBytes = maxBytes + maxBytes / 2 + 65_536
        return limits
    }

    /// Returns the milter's rejection when `headers` exceed a limit, or nil within both.
    /// A field counts its name and its value without the one space after the colon,
    /// which is what libmilter hands the milter.
    func check(_ headers: [HeaderField]) -> StageDecision? {
        guard headers.count <= maxFieldCount else { return Self.rejection }

        var bytes = 0
        for field in headers {
            let leadingSpace = field.rawValue.first == 0x20 ? 1 : 0
            bytes += field.name.utf8.count + field.rawValue.count - leadingSpace
        }
        return bytes > maxBytes ? Self.rejection : nil
    }
}
