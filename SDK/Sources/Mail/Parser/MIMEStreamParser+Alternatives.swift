extension MIMEStreamParser {
    // MARK: - Alternative readings

    func requestContentTypeAlternatives(for frame: EntityFrame, endOffset: Int) {
        guard let info = frame.info, info.hasConflictingContentTypes else { return }
        let first = info.contentTypeFields.first?.unfoldedValue
        var seen: Set<[UInt8]> = first.map { [$0] } ?? []
        for (position, field) in info.contentTypeFields.enumerated()
        where seen.insert(field.unfoldedValue).inserted {
            let headers = frame.fields.filter { !$0.hasName("Content-Type") } + [field]
            requestAlternative(
                for: frame, headers: headers, endOffset: endOffset,
                description: "Content-Type header \(position + 1) of "
                    + "\(info.contentTypeFields.count)",
                outerBoundaryWins: false)
        }
    }

    /// Requests one reading per further distinct Content-Transfer-Encoding value, because
    /// a client may decode the body by any of them: `7bit` then `base64` hides the base64
    /// text from a parser that honours only the first.
    func requestTransferEncodingAlternatives(for frame: EntityFrame, endOffset: Int) {
        guard let info = frame.info, info.hasConflictingTransferEncodings else { return }
        let fields = info.transferEncodingFields
        var seen: Set<[UInt8]> = fields.first.map { [$0.unfoldedValue] } ?? []
        for (position, field) in fields.enumerated()
        where seen.insert(field.unfoldedValue).inserted {
            let others = frame.fields.filter { !$0.hasName("Content-Transfer-Encoding") }
            requestAlternative(
                for: frame, headers: others + [field], endOffset: endOffset,
                description: "Content-Transfer-Encoding header \(position + 1) of \(fields.count)",
                outerBoundaryWins: false)
        }
    }

    func requestGuessedBoundary(
        _ candidate: [UInt8], for frame: EntityFrame, endOffset: Int
    ) {
        guard let info = frame.info else { return }
        var value = Array(info.contentType.mimeType.utf8)
        value += Array("; boundary=\"".utf8) + candidate + [ASCII.quote]
        let headers =
            frame.fields.filter { !$0.hasName("Content-Type") }
            + [HeaderField(name: "Content-Type", rawValue: value)]
        requestAlternative(
            for: frame, headers: headers, endOffset: endOffset,
            description: "boundary guessed from the first delimiter-like line",
            outerBoundaryWins: false)
    }

    func requestAlternative(
        for frame: EntityFrame, headers: [HeaderField], endOffset: Int, description: String,
        outerBoundaryWins: Bool
    ) {
        guard configuration.allowsAlternatives, let offset = configuration.sourceOffset else {
            return
        }
        let start = offset + frame.bodyStart
        let end = max(offset + endOffset, start)
        context.requestAlternative(
            AlternativeRequest(
                path: frame.path, depth: frame.depth, defaultType: frame.defaultType,
                headers: headers, bodyRange: start..<end, description: description,
                outerBoundaryWins: outerBoundaryWins))
    }
}
