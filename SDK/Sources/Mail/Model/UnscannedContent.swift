/// Content of a message that did not reach a text view, or reached it only in part: a part
/// that is not scanned, or content that a parser limit or an undecodable transfer encoding
/// left out. A policy that fails closed treats each entry as possibly sensitive.
public struct UnscannedContent: Sendable, Hashable {
    /// The path of the part, or of the first entity that a limit left out.
    public var partPath: String
    /// The raw value of a `NotScannedReason` for content that this parser reports, or the
    /// reason of a `ScanStatus.notScanned` that other code built.
    public var reason: String
    /// The part as listed, or nil for content outside the part list, such as the parts
    /// after the part limit.
    public var part: MIMEPart?
    /// Nil for the primary reading; else the alternative reading it belongs to.
    public var reading: String?

    public init(partPath: String, reason: String, part: MIMEPart?, reading: String?) {
        self.partPath = partPath
        self.reason = reason
        self.part = part
        self.reading = reading
    }

    /// The typed reason, or nil for a reason this parser does not report.
    public var notScannedReason: NotScannedReason? {
        NotScannedReason(rawValue: reason)
    }

    /// Lists the unscanned content of one reading: every part that is not scanned, then
    /// each problem that means content was left out, unless a part of the same path
    /// already gives that reason.
    static func list(parts: [MIMEPart], problems: [ParseProblem], reading: String?)
        -> [UnscannedContent]
    {
        var entries: [UnscannedContent] = []
        var listed = Set<[String]>()
        for part in parts {
            guard case .notScanned(let reason) = part.scan else { continue }
            entries.append(
                UnscannedContent(partPath: part.path, reason: reason, part: part, reading: reading))
            listed.insert([part.path, reason])
        }
        var partsByPath: [String: MIMEPart] = [:]
        for problem in problems {
            guard let reason = problem.kind.unscannedReason?.rawValue else { continue }
            let path = problem.partPath ?? "1"
            guard listed.insert([path, reason]).inserted else { continue }
            if partsByPath.isEmpty {
                partsByPath = Dictionary(parts.map { ($0.path, $0) }) { first, _ in first }
            }
            let part = partsByPath[path]
            entries.append(
                UnscannedContent(partPath: path, reason: reason, part: part, reading: reading))
        }
        return entries
    }
}
