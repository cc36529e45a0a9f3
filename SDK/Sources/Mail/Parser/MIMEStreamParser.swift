/// The streaming MIME parser: fed a message or a body in chunks of any size, it keeps a
/// stack of open entities and writes parts, text views and problems into its
/// `ParseContext`.
///
/// Memory stays bounded by the limits, not by the message size: body lines are decoded as
/// they arrive, only text is kept, and binary content is counted and dropped. The parser
/// of an attached message is a nested instance fed with the decoded body of the
/// `message/*` part, so the same code reads every level.
final class MIMEStreamParser {
    struct Configuration {
        var rootPath = "1"
        var rootDepth = 0
        var rootDefaultType = ContentType.textPlain
        /// Header fields given apart from the stream (the milter path), or nil when the
        /// stream starts with the header block.
        var rootHeaders: [HeaderField]?
        /// True to accept an mbox `From ` line before the header block.
        var skipsMboxSeparator = false
        /// True to match the outermost boundary first; see `AlternativeRequest`.
        var outerBoundaryWins = false
        /// Offset of this parser's stream in the source that can be read again, or nil when
        /// the stream is decoded and cannot be read again.
        var sourceOffset: Int? = 0
        var allowsAlternatives = true
        /// Boundaries of multiparts that enclose this parser's message.
        var enclosingBoundaries: [[UInt8]] = []
    }

    let context: ParseContext
    let configuration: Configuration
    var frames: [EntityFrame] = []
    private var splitter = LineSplitter()
    /// Header fields of the root entity once its header block ended.
    var rootFields: [HeaderField] = []

    init(context: ParseContext, configuration: Configuration) {
        self.context = context
        self.configuration = configuration
        let limits = context.limits
        guard context.partCount < limits.maxParts else {
            context.recordLimitOnce(
                configuration.rootPath, .partLimit,
                "more than \(limits.maxParts) entities; later entities are not parsed")
            frames = [.skipped(path: configuration.rootPath, depth: configuration.rootDepth)]
            return
        }
        let collector = HeaderCollector(
            maxFields: limits.maxHeaderFields, maxBytes: limits.maxHeaderBytes,
            skipsMboxSeparator: configuration.skipsMboxSeparator)
        let root = EntityFrame(
            path: configuration.rootPath, depth: configuration.rootDepth,
            defaultType: configuration.rootDefaultType, insideEncryptedMultipart: false,
            collector: collector)
        frames = [root]
        if let headers = configuration.rootHeaders {
            root.collector = nil
            configure(root, fields: givenHeaders(headers), bodyStart: 0)
        }
    }

    /// Parses the next chunk of the stream.
    func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
        var lines = splitter
        splitter = LineSplitter()
        lines.feed(chunk) { line in handle(line) }
        splitter = lines
    }

    /// Ends the stream: the last line is parsed and every open entity closed.
    func finish() {
        var lines = splitter
        splitter = LineSplitter()
        lines.finish { line in handle(line) }
        let end = lines.offset
        splitter = lines
        while !frames.isEmpty {
            closeTop(atDelimiter: false, endOffset: end)
        }
    }

    // MARK: - Lines

    private func handle(_ line: Line) {
        let content = line.content
        if !line.isContinuation && content.count >= 2 && content[0] == ASCII.hyphen
            && content[1] == ASCII.hyphen, let match = matchDelimiter(content)
        {
            handleDelimiter(at: match.frameIndex, isClose: match.isClose, line: line)
            return
        }
        guard let frame = frames.last else { return }
        if frame.collector != nil {
            handleHeaderLine(line, of: frame)
            return
        }
        switch frame.body {
        case .leaf(let leaf): leaf.append(line, context: context)
        case .multipart(let multipart): multipart.append(line, context: context)
        case .message(let message): message.append(line)
        case .skipped, .pending: break
        }
    }

    private func handleHeaderLine(_ line: Line, of frame: EntityFrame) {
        guard let outcome = frame.collector?.add(line) else { return }
        switch outcome {
        case .consumed:
            break
        case .endOfHeaders:
            finishHeaders(
                of: frame, bodyStart: line.offset + line.content.count + line.ending.byteCount)
        case .bodyStarted:
            finishHeaders(of: frame, bodyStart: line.offset)
            handle(line)
        }
    }

    // MARK: - Delimiters

    /// Finds the innermost open multipart (the outermost when `outerBoundaryWins`) whose
    /// delimiter `content` is, and tells whether it is the closing delimiter.
    private func matchDelimiter(_ content: UnsafeBufferPointer<UInt8>) -> (
        frameIndex: Int, isClose: Bool
    )? {
        let order: [Int] =
            configuration.outerBoundaryWins ? Array(frames.indices) : frames.indices.reversed()
        for index in order {
            guard case .multipart(let multipart) = frames[index].body,
                multipart.phase != .epilogue
            else { continue }
            if let isClose = multipart.matchDelimiter(content) {
                return (index, isClose)
            }
        }
        return nil
    }

    private func handleDelimiter(at index: Int, isClose: Bool, line: Line) {
        while frames.count > index + 1 {
            closeTop(atDelimiter: true, endOffset: line.offset)
        }
        let frame = frames[index]
        guard case .multipart(let multipart) = frame.body else { return }
        if multipart.phase == .preamble {
            emitMultipartText(of: frame, multipart, kind: .preamble)
        }
        if isClose {
            multipart.phase = .epilogue
            return
        }
        multipart.phase = .parts
        multipart.childCount += 1
        pushChild(of: frame, multipart)
    }

    private func pushChild(of frame: EntityFrame, _ multipart: MultipartState) {
        let path = frame.path + "." + String(multipart.childCount)
        let limits = context.limits
        guard context.partCount < limits.maxParts else {
            context.recordLimitOnce(
                path, .partLimit,
                "more than \(limits.maxParts) entities; later parts are not parsed")
            frames.append(.skipped(path: path, depth: frame.depth + 1))
            return
        }
        let collector = HeaderCollector(
            maxFields: limits.maxHeaderFields, maxBytes: limits.maxHeaderBytes,
            skipsMboxSeparator: false)
        frames.append(
            EntityFrame(
                path: path, depth: frame.depth + 1,
                defaultType: multipart.isDigest ? .messageRFC822 : .textPlain,
                insideEncryptedMultipart: multipart.isEncrypted, collector: collector))
    }

    /// Boundaries of every open multipart around the current line, outermost first.
    var openBoundaries: [[UInt8]] {
        configuration.enclosingBoundaries
            + frames.compactMap { frame in
                if case .multipart(let multipart) = frame.body { multipart.boundary } else { nil }
            }
    }
}
