/// Parsing of an ambiguous entity again, from its bytes, in another plausible structure.
enum AlternativeReader {
    static func read(
        _ request: AlternativeRequest, source: ByteSource, limits: MIMELimits, textBudget: Int
    ) throws(MailError) -> (reading: AlternativeReading, views: [TextView], remainingBudget: Int) {
        var alternativeLimits = limits
        alternativeLimits.maxTextViewSize = textBudget
        let context = ParseContext(limits: alternativeLimits, reading: request.description)
        var configuration = MIMEStreamParser.Configuration()
        configuration.rootPath = request.path
        configuration.rootDepth = request.depth
        configuration.rootDefaultType = request.defaultType
        configuration.rootHeaders = request.headers
        configuration.outerBoundaryWins = request.outerBoundaryWins
        configuration.sourceOffset = nil
        configuration.allowsAlternatives = false
        let parser = MIMEStreamParser(context: context, configuration: configuration)
        let range = request.bodyRange
        try source.forEachChunk(from: range.lowerBound, to: range.upperBound) { chunk in
            parser.feed(chunk)
        }
        parser.finish()
        let reading = AlternativeReading(
            partPath: request.path, reading: request.description, parts: context.parts,
            problems: context.finalProblems())
        return (reading, context.sortedViews(), context.textBudget)
    }
}
