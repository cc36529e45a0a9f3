/// State that every parser of one message shares: the nested parsers of attached messages
/// write into it, so the output stays in depth-first order and the limits count the whole
/// message.
final class ParseContext {
    let limits: MIMELimits
    /// The reading label for text views, nil for the primary reading.
    let reading: String?
    private(set) var parts: [MIMEPart] = []
    /// Text views with the index of their part, sorted by that index at the end.
    private(set) var views: [(partIndex: Int, view: TextView)] = []
    private(set) var problems: [ParseProblem] = []
    private(set) var alternatives: [AlternativeRequest] = []
    private var problemsDropped = 0
    private var reportedLimits = Set<ProblemKind>()
    /// Kinds with an `unscannedReason` that were recorded at least once.
    private var recordedUnscannedKinds = Set<ProblemKind>()
    /// Decoded bytes that text views may still keep.
    private(set) var textBudget: Int

    init(limits: MIMELimits, reading: String?) {
        self.limits = limits
        self.reading = reading
        self.textBudget = limits.maxTextViewSize
    }

    var partCount: Int { parts.count }

    /// Adds a part and returns its index.
    func addPart(_ part: MIMEPart) -> Int {
        parts.append(part)
        return parts.count - 1
    }

    func updatePart(_ index: Int, _ update: (inout MIMEPart) -> Void) {
        update(&parts[index])
    }

    func addView(partIndex: Int, path: String, kind: TextKind, text: [UInt8]) {
        guard !text.isEmpty else { return }
        let view = TextView(partPath: path, kind: kind, text: text, reading: reading)
        views.append((partIndex, view))
    }

    /// Adds the view of a further charset reading, whose bytes the text budget does not
    /// hold yet. Returns false, adding nothing, when the budget cannot hold them.
    func addFurtherReading(partIndex: Int, path: String, kind: TextKind, text: [UInt8]) -> Bool {
        let granted = reserveText(text.count)
        guard granted == text.count else {
            releaseText(granted)
            return false
        }
        addView(partIndex: partIndex, path: path, kind: kind, text: text)
        return true
    }

    /// Takes up to `requested` bytes from the text budget and returns how many were granted.
    func reserveText(_ requested: Int) -> Int {
        let granted = min(requested, textBudget)
        textBudget -= granted
        return granted
    }

    /// Gives back bytes of the text budget that were reserved but not used.
    func releaseText(_ count: Int) {
        textBudget += max(count, 0)
    }

    /// Records a problem. Past `maxProblems`, problems are only counted, except the first
    /// of each kind that leaves content unscanned: a hostile message must not hide a limit
    /// behind a thousand harmless problems.
    func record(_ path: String?, _ kind: ProblemKind, _ detail: String) {
        let isFirstUnscanned =
            kind.unscannedReason != nil && recordedUnscannedKinds.insert(kind).inserted
        guard problems.count < limits.maxProblems || isFirstUnscanned else {
            problemsDropped += 1
            return
        }
        problems.append(ParseProblem(partPath: path, kind: kind, detail: detail))
    }

    /// Records a limit problem once per kind, so a hostile message cannot flood the list.
    func recordLimitOnce(_ path: String?, _ kind: ProblemKind, _ detail: String) {
        guard reportedLimits.insert(kind).inserted else { return }
        record(path, kind, detail)
    }

    /// Queues an alternative reading, or records the entity as unscanned content when
    /// `maxAlternativeReadings` readings are queued already.
    func requestAlternative(_ request: AlternativeRequest) {
        guard alternatives.count < limits.maxAlternativeReadings else {
            recordLimitOnce(
                request.path, .readingLimit,
                "alternative reading '\(request.description)' over the limit of "
                    + "\(limits.maxAlternativeReadings) readings was not parsed")
            return
        }
        alternatives.append(request)
    }

    /// Returns the views in the order of their parts, and in the order they were added
    /// within a part.
    func sortedViews() -> [TextView] {
        views.enumerated().sorted { left, right in
            if left.element.partIndex != right.element.partIndex {
                return left.element.partIndex < right.element.partIndex
            }
            return left.offset < right.offset
        }.map(\.element.view)
    }

    /// Returns the problems, with a last one that counts those over `maxProblems`.
    func finalProblems() -> [ParseProblem] {
        guard problemsDropped > 0 else { return problems }
        return problems + [
            ParseProblem(
                partPath: nil, kind: .other,
                detail: "\(problemsDropped) more problems not listed (maxProblems)")
        ]
    }
}

/// An ambiguous entity to parse again from its bytes in another way.
struct AlternativeRequest {
    /// The entity's path and depth.
    var path: String
    var depth: Int
    var defaultType: ContentType
    /// Headers that select the other reading, such as only the last Content-Type.
    var headers: [HeaderField]
    /// Range of the entity's body in the source of the top-level parser.
    var bodyRange: Range<Int>
    var description: String
    /// True to match the outermost boundary first, the reading of clients that let an
    /// outer multipart end where a nested one reuses its boundary.
    var outerBoundaryWins: Bool
}
