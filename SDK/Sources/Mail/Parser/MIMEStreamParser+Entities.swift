extension MIMEStreamParser {
    // MARK: - Header block

    /// Applies the header limits to fields given apart from the stream.
    func givenHeaders(_ headers: [HeaderField]) -> [HeaderField] {
        let limits = context.limits
        var kept: [HeaderField] = []
        var bytes = 0
        for field in headers {
            let size = field.name.utf8.count + field.rawValue.count + 1
            guard kept.count < limits.maxHeaderFields, bytes + size <= limits.maxHeaderBytes else {
                context.record(
                    configuration.rootPath, .headerLimit,
                    "\(headers.count - kept.count) header fields over the limit of "
                        + "\(limits.maxHeaderFields) fields or \(limits.maxHeaderBytes) bytes "
                        + "were dropped")
                break
            }
            kept.append(field)
            bytes += size
        }
        return kept
    }

    func finishHeaders(of frame: EntityFrame, bodyStart: Int) {
        guard let collector = frame.collector else { return }
        frame.collector = nil
        if collector.droppedFields > 0 || collector.droppedBytes > 0 {
            context.record(
                frame.path, .headerLimit,
                "\(collector.droppedFields) header fields and \(collector.droppedBytes) bytes "
                    + "over the header limits were dropped")
        }
        configure(frame, fields: collector.fields, bodyStart: bodyStart)
    }

    // MARK: - Entities

    /// Records the part, its header and file name views, and chooses what reads its body.
    func configure(_ frame: EntityFrame, fields: [HeaderField], bodyStart: Int) {
        frame.fields = fields
        frame.bodyStart = bodyStart
        // The root may already be off the stack when a message ends inside its headers.
        if frame.path == configuration.rootPath {
            rootFields = fields
        }
        let info = EntityInfo(headers: fields, defaultType: frame.defaultType)
        for problem in info.problems {
            context.record(frame.path, problem.kind, problem.detail)
        }
        frame.info = info
        let disposition = info.disposition?.disposition
        let part = MIMEPart(
            path: frame.path, contentType: info.contentType.mimeType, charset: info.charset,
            transferEncoding: info.transferEncoding, filename: info.filename, decodedSize: 0,
            scan: .scanned, headers: fields,
            disposition: disposition?.isEmpty == false ? disposition : nil)
        let index = context.addPart(part)
        frame.partIndex = index
        addHeaderViews(frame, info: info, partIndex: index)
        frame.body = makeBody(for: frame, info: info)
    }

    private func addHeaderViews(_ frame: EntityFrame, info: EntityInfo, partIndex: Int) {
        var issues: [ParseProblem] = []
        let headerText = HeaderTextView.render(
            frame.fields, fallbackCharset: info.charset, issues: &issues)
        for issue in issues {
            context.record(frame.path, issue.kind, issue.detail)
        }
        context.addView(
            partIndex: partIndex, path: frame.path, kind: .headers,
            text: TextNormalizer.normalize(headerText))
        if let filename = info.filename {
            context.addView(
                partIndex: partIndex, path: frame.path, kind: .attachmentName,
                text: TextNormalizer.normalize(Array(filename.utf8)))
        }
    }

    private func makeBody(for frame: EntityFrame, info: EntityInfo) -> EntityBody {
        let limits = context.limits
        if frame.depth > limits.maxDepth {
            context.recordLimitOnce(
                frame.path, .depthLimit,
                "entities nested deeper than \(limits.maxDepth) levels are not parsed")
            return .leaf(
                LeafContent(
                    treatment: .opaque(reason: .depthLimit), transferEncoding: "7bit",
                    limits: limits))
        }
        if info.isMultipart {
            return makeMultipartBody(for: frame, info: info)
        }
        if info.isEmbeddedMessage {
            return .message(makeMessageBody(for: frame, info: info))
        }
        let isKnown = TransferDecoder.make(for: info.transferEncoding).isKnown
        var treatment = ContentClassifier.treatment(
            mimeType: info.contentType.mimeType, filename: info.filename,
            insideEncryptedMultipart: frame.insideEncryptedMultipart)
        if !isKnown {
            context.record(
                frame.path, .unknownTransferEncoding,
                "unknown Content-Transfer-Encoding '\(info.transferEncoding)'; the content "
                    + "was read as it is and counts as not scanned")
            if case .sniff = treatment {
                treatment = .sniff(reason: .unknownTransferEncoding)
            }
        }
        return .leaf(
            LeafContent(
                treatment: treatment, transferEncoding: info.transferEncoding, limits: limits))
    }

    private func makeMultipartBody(for frame: EntityFrame, info: EntityInfo) -> EntityBody {
        guard let boundary = info.contentType.boundary else {
            context.record(
                frame.path, .missingBoundary,
                "\(info.contentType.mimeType) without a boundary parameter; body read as text")
            return .leaf(
                LeafContent(
                    treatment: .text(.otherText), transferEncoding: info.transferEncoding,
                    limits: context.limits, tracksBoundaryCandidate: true))
        }
        if !TransferDecoder.make(for: info.transferEncoding).decoder.isIdentity {
            context.record(
                frame.path, .other,
                "Content-Transfer-Encoding '\(info.transferEncoding)' on a multipart is ignored")
        }
        noteBoundaryReuse(boundary, of: frame)
        return .multipart(
            MultipartState(
                boundary: boundary, subtype: info.contentType.subtype, limits: context.limits))
    }

    private func noteBoundaryReuse(_ boundary: [UInt8], of frame: EntityFrame) {
        var reused = configuration.enclosingBoundaries.contains(boundary)
        for ancestor in frames where ancestor !== frame {
            if case .multipart(let multipart) = ancestor.body, multipart.boundary == boundary {
                multipart.hasBoundaryReuse = true
                reused = true
            }
        }
        if reused {
            let text = String(decoding: boundary, as: UTF8.self)
            context.record(
                frame.path, .nestedBoundaryReuse,
                "nested multipart reuses the boundary '\(text)' of an enclosing multipart")
        }
    }

    private func makeMessageBody(for frame: EntityFrame, info: EntityInfo) -> MessageContent {
        let decoder = TransferDecoder.make(for: info.transferEncoding)
        if !decoder.isKnown {
            context.record(
                frame.path, .unknownTransferEncoding,
                "unknown Content-Transfer-Encoding '\(info.transferEncoding)'; the content "
                    + "was read as it is and counts as not scanned")
        }
        var nested = Configuration()
        nested.rootPath = frame.path + ".1"
        nested.rootDepth = frame.depth + 1
        nested.outerBoundaryWins = configuration.outerBoundaryWins
        nested.allowsAlternatives = configuration.allowsAlternatives
        nested.enclosingBoundaries = openBoundaries
        if decoder.decoder.isIdentity, let offset = configuration.sourceOffset {
            nested.sourceOffset = offset + frame.bodyStart
        } else {
            nested.sourceOffset = nil
        }
        let parser = MIMEStreamParser(context: context, configuration: nested)
        return MessageContent(parser: parser, transferEncoding: info.transferEncoding)
    }
}
