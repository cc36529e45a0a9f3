/// Incremental parsing of a message whose bytes arrive in chunks, such as the body chunks
/// of a milter session: feed each chunk as it comes, then call `finish`.
///
/// The result does not depend on where the chunks were cut. Work done in `feed` is not
/// repeated in `finish`, except for alternative readings of ambiguous structure, which
/// need the bytes again and are read from the `body` given to `finish`.
public final class MessageStreamParser {
    private let context: ParseContext
    private let parser: MIMEStreamParser
    private let limits: MIMELimits
    private var isFinished = false

    /// Starts parsing a message body whose header fields were received apart, as a milter
    /// receives them.
    public init(headers: [HeaderField], limits: MIMELimits = MIMELimits()) {
        var configuration = MIMEStreamParser.Configuration()
        configuration.rootHeaders = headers
        self.limits = limits
        context = ParseContext(limits: limits, reading: nil)
        parser = MIMEStreamParser(context: context, configuration: configuration)
    }

    /// Starts parsing a whole message, header block first. An mbox `From ` line before the
    /// header block is skipped.
    public init(limits: MIMELimits = MIMELimits()) {
        var configuration = MIMEStreamParser.Configuration()
        configuration.skipsMboxSeparator = true
        self.limits = limits
        context = ParseContext(limits: limits, reading: nil)
        parser = MIMEStreamParser(context: context, configuration: configuration)
    }

    /// Parses the next chunk. Chunks after `finish` are ignored.
    public func feed(_ chunk: UnsafeRawBufferPointer) {
        guard !isFinished else { return }
        parser.feed(chunk.assumingMemoryBound(to: UInt8.self))
    }

    public func feed(_ chunk: [UInt8]) {
        chunk.withUnsafeBytes { feed($0) }
    }

    /// Ends the input and returns the parsed message. Call it once.
    ///
    /// `body` contains the same bytes as were fed (the body, or the whole message for a parser
    /// made with `init(limits:)`); ambiguous entities are read again from it. When it is
    /// nil, no alternative readings are made and a problem says so.
    ///
    /// - Throws: `MailError.unreadableFile` when `body` is a file that cannot be read.
    public func finish(body: MessageBody?) throws(MailError) -> ParsedMessage {
        var message = finishPrimaryReading()
        try addAlternativeReadings(to: &message, source: body.map(ByteSource.init))
        return message
    }

    /// Ends the input and returns the primary reading, without alternative readings.
    func finishPrimaryReading() -> ParsedMessage {
        if !isFinished {
            isFinished = true
            parser.finish()
        }
        return ParsedMessage(
            headers: parser.rootFields, parts: context.parts, textViews: context.sortedViews(),
            problems: context.finalProblems())
    }

    /// Reads the ambiguous entities again from `source` and adds those readings.
    func addAlternativeReadings(to message: inout ParsedMessage, source: ByteSource?)
        throws(MailError)
    {
        guard !context.alternatives.isEmpty else { return }
        guard let source else {
            message.problems.append(
                ParseProblem(
                    partPath: nil, kind: .other,
                    detail: "\(context.alternatives.count) ambiguous entities were not read "
                        + "in their alternative structure because no body was given to finish"))
            return
        }
        var textBudget = context.textBudget
        for request in context.alternatives {
            let reading = try AlternativeReader.read(
                request, source: source, limits: limits, textBudget: textBudget)
            message.alternativeReadings.append(reading.reading)
            message.textViews.append(contentsOf: reading.views)
            textBudget = reading.remainingBudget
        }
    }
}

extension ByteSource {
    init(_ body: MessageBody) {
        switch body {
        case .memory(let bytes): self = .memory(bytes)
        case .file(let path, let size): self = .file(path: path, start: 0, size: size)
        }
    }
}
