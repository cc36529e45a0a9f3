extension MIMEStreamParser {
    /// Closes the innermost open entity. `atDelimiter` is true when a delimiter line ends
    /// it, because the line break before a delimiter belongs to the delimiter. `endOffset`
    /// is the offset in the stream where its body ends.
    func closeTop(atDelimiter: Bool, endOffset: Int) {
        guard let frame = frames.popLast() else { return }
        if let collector = frame.collector, !collector.sawFirstLine, !frames.isEmpty {
            // A delimiter right after a delimiter: an empty part without headers or body.
            // It is not listed, as Python's email package does not list it either.
            if case .multipart(let parent) = frames.last?.body {
                parent.childCount -= 1
            }
            return
        }
        if frame.collector != nil {
            finishHeaders(of: frame, bodyStart: endOffset)
        }
        switch frame.body {
        case .leaf(let leaf):
            leaf.finish(atDelimiter: atDelimiter, context: context)
            finishLeaf(frame, leaf, endOffset: endOffset)
        case .multipart(let multipart):
            finishMultipart(frame, multipart, endOffset: endOffset)
        case .message(let message):
            message.finish(atDelimiter: atDelimiter)
            recordTransferProblem(message.transferProblem, of: frame)
            updatePart(of: frame, size: message.decodedSize, scan: .container)
        case .skipped, .pending:
            break
        }
        requestContentTypeAlternatives(for: frame, endOffset: endOffset)
        requestTransferEncodingAlternatives(for: frame, endOffset: endOffset)
    }

    // MARK: - Leaves

    private func finishLeaf(_ frame: EntityFrame, _ leaf: LeafContent, endOffset: Int) {
        recordTransferProblem(leaf.transferProblem, of: frame)
        var status: ScanStatus
        switch leaf.treatment {
        case .opaque(let reason):
            let proven = ContentSignature.reason(of: leaf.head, declared: reason)
            status = .notScanned(proven ?? reason)
        case .text(let kind):
            status = addLeafView(frame, leaf, kind: kind)
        case .sniff(let reason):
            status = sniffedStatus(frame, leaf, declared: reason)
        }
        if status.isScanned, let reason = undecodedReason(frame, leaf) {
            status = .notScanned(reason)
        }
        updatePart(
            of: frame, size: leaf.decodedSize, scan: status,
            detectedType: FileSignature.mediaType(of: leaf.head))
        if let candidate = leaf.boundaryCandidate {
            requestGuessedBoundary(candidate, for: frame, endOffset: endOffset)
        }
    }

    /// Scans sniffed content as text when it carries no file signature and its bytes look
    /// like text. The signature is checked first, because a small PDF or compressed stream
    /// can pass the text test.
    private func sniffedStatus(
        _ frame: EntityFrame, _ leaf: LeafContent, declared: NotScannedReason
    ) -> ScanStatus {
        if let reason = ContentSignature.reason(of: leaf.head, declared: declared) {
            leaf.discardText(context: context)
            return .notScanned(reason)
        }
        return leaf.isText ? addLeafView(frame, leaf, kind: .otherText) : .notScanned(declared)
    }

    /// Returns why content that reached a text view as it is still counts as not scanned,
    /// or nil. An unknown transfer encoding counts, because a client or a program may
    /// decode it into other bytes, and so does a known one of which nothing was decoded.
    private func undecodedReason(_ frame: EntityFrame, _ leaf: LeafContent) -> NotScannedReason? {
        if leaf.transferProblem?.0 == .undecodableContent {
            return .undecodable
        }
        guard let encoding = frame.info?.transferEncoding else { return nil }
        return TransferDecoder.isKnown(encoding) ? nil : .unknownTransferEncoding
    }

    private func addLeafView(_ frame: EntityFrame, _ leaf: LeafContent, kind: TextKind)
        -> ScanStatus
    {
        let truncated = leaf.isTruncated
        let bytes = leaf.takeText(context: context)
        guard let info = frame.info, let partIndex = frame.partIndex else { return .scanned }
        let readings = TextViewBuilder.build(bytes, kind: kind, contentType: info.contentType)
        let allFit = addReadingViews(frame, readings, kind: kind, partIndex: partIndex)
        let embedded = addEmbeddedFileViews(frame, bytes, kind: kind, partIndex: partIndex)
        guard allFit else { return .notScanned(.sizeLimit) }
        guard truncated else { return embedded }
        context.record(
            frame.path, .sizeLimit,
            "decoded content over the text limit; only the first \(bytes.count) bytes were "
                + "scanned")
        return .notScanned(.sizeLimit)
    }

    /// Adds a view per charset reading and records their issues. Returns false when a
    /// further reading did not fit the text budget, which is then recorded as a size limit.
    func addReadingViews(
        _ frame: EntityFrame, _ readings: [(text: [UInt8], issue: CharsetIssue?)],
        kind: TextKind, partIndex: Int
    ) -> Bool {
        var allFit = true
        for (index, reading) in readings.enumerated() {
            recordCharsetIssue(reading.issue, of: frame)
            guard index > 0 else {
                context.addView(
                    partIndex: partIndex, path: frame.path, kind: kind, text: reading.text)
                continue
            }
            if !context.addFurtherReading(
                partIndex: partIndex, path: frame.path, kind: kind, text: reading.text)
            {
                allFit = false
                context.record(
                    frame.path, .sizeLimit,
                    "charset reading \(index + 1) of \(readings.count) is over the text limit; "
                        + "it was not scanned")
            }
        }
        return allFit
    }

    // MARK: - Multiparts

    private func finishMultipart(_ frame: EntityFrame, _ multipart: MultipartState, endOffset: Int)
    {
        let boundary = String(decoding: multipart.boundary, as: UTF8.self)
        switch multipart.phase {
        case .preamble:
            context.record(
                frame.path, .missingBoundary,
                "boundary '\(boundary)' never occurs; the whole body is scanned as text")
            emitMultipartText(of: frame, multipart, kind: .preamble)
            recordEncodedMultipart(frame, boundary: boundary)
        case .parts:
            context.record(
                frame.path, .missingFinalBoundary,
                "no closing delimiter '--\(boundary)--'; the last part runs to the end")
        case .epilogue:
            emitMultipartText(of: frame, multipart, kind: .epilogue)
        }
        if multipart.hasBoundaryReuse {
            requestAlternative(
                for: frame, headers: frame.fields, endOffset: endOffset,
                description: "outer boundary ends the nested multipart", outerBoundaryWins: true)
        }
        updatePart(of: frame, size: max(endOffset - frame.bodyStart, 0), scan: .container)
    }

    /// Records a multipart whose boundary never occurs and whose Content-Transfer-Encoding
    /// is not an identity encoding as undecodable. Its parts are probably inside the
    /// encoded body, which the parser does not decode because RFC 2045 forbids such an
    /// encoding on a multipart, but a client may decode it all the same.
    private func recordEncodedMultipart(_ frame: EntityFrame, boundary: String) {
        guard let encoding = frame.info?.transferEncoding,
            !["7bit", "8bit", "binary"].contains(encoding)
        else { return }
        context.record(
            frame.path, .undecodableContent,
            "multipart in Content-Transfer-Encoding '\(encoding)' without its boundary "
                + "'\(boundary)'; the parts are probably encoded and were not parsed")
    }

    /// Adds the preamble or epilogue as a view when it contains more than white space.
    func emitMultipartText(of frame: EntityFrame, _ multipart: MultipartState, kind: TextKind) {
        let (bytes, truncated) = multipart.takeText(context: context)
        if truncated {
            context.record(
                frame.path, .sizeLimit,
                "\(kind.rawValue) over the text limit; only the first \(bytes.count) bytes "
                    + "were scanned")
        }
        guard let partIndex = frame.partIndex,
            bytes.contains(where: { !ASCII.isFoldingWhitespace($0) })
        else { return }
        let readings = CharsetConverter.readings(bytes, declaredCharset: nil).map {
            (text: TextNormalizer.normalize($0.utf8), issue: $0.issue)
        }
        _ = addReadingViews(frame, readings, kind: kind, partIndex: partIndex)
    }

    // MARK: - Recording

    private func updatePart(
        of frame: EntityFrame, size: Int, scan: ScanStatus, detectedType: String? = nil
    ) {
        guard let index = frame.partIndex else { return }
        context.updatePart(index) { part in
            part.decodedSize = size
            part.scan = scan
            part.detectedType = detectedType
        }
    }

    private func recordTransferProblem(_ problem: (ProblemKind, String)?, of frame: EntityFrame) {
        guard let (kind, detail) = problem else { return }
        context.record(frame.path, kind, detail)
    }

    private func recordCharsetIssue(_ issue: CharsetIssue?, of frame: EntityFrame) {
        guard let issue else { return }
        context.record(frame.path, issue.problemKind, issue.description)
    }
}
