extension MIMEStreamParser {
    /// Decodes the uuencoded files inside a plain or other text part and adds a view of
    /// each file name and of each file that is text. Returns `.scanned`, or `.notScanned`
    /// when a file is not text or does not fit the text budget, because such a file is an
    /// attachment whose content no scanner reads.
    func addEmbeddedFileViews(
        _ frame: EntityFrame, _ bytes: [UInt8], kind: TextKind, partIndex: Int
    ) -> ScanStatus {
        guard kind == .plain || kind == .otherText else { return .scanned }
        var status = ScanStatus.scanned
        for file in UUEncodedFiles.find(in: bytes) {
            if !file.name.isEmpty {
                context.addView(
                    partIndex: partIndex, path: frame.path, kind: .attachmentName,
                    text: TextNormalizer.normalize(Array(file.name.utf8)))
            }
            if let reason = addEmbeddedFileText(frame, file, partIndex: partIndex) {
                status = .notScanned(reason)
            }
        }
        return status
    }

    /// Adds the view of one decoded file, or returns why its content is not scanned.
    private func addEmbeddedFileText(
        _ frame: EntityFrame, _ file: UUEncodedFiles.File, partIndex: Int
    ) -> NotScannedReason? {
        let nameReason = Self.reason(forEmbeddedFile: file.name)
        let head = Array(file.bytes.prefix(FileSignature.headLength))
        if let reason = ContentSignature.reason(of: head, declared: nameReason) {
            context.record(
                frame.path, .other,
                "a uuencoded file of \(file.bytes.count) bytes inside the text is "
                    + "\(reason.description); it was not scanned")
            return reason
        }
        var sniffer = TextSniffer()
        file.bytes.withUnsafeBufferPointer { sniffer.inspect($0) }
        guard sniffer.looksLikeCompleteText else {
            context.record(
                frame.path, .other,
                "a uuencoded file of \(file.bytes.count) bytes inside the text is not text; "
                    + "it was not scanned")
            return nameReason
        }
        let granted = context.reserveText(file.bytes.count)
        guard granted == file.bytes.count else {
            context.releaseText(granted)
            context.record(
                frame.path, .sizeLimit,
                "a uuencoded file of \(file.bytes.count) bytes inside the text is over the text "
                    + "limit; it was not scanned")
            return .sizeLimit
        }
        let readings = CharsetConverter.readings(file.bytes, declaredCharset: nil).map {
            (text: TextNormalizer.normalize($0.utf8), issue: $0.issue)
        }
        let allFit = addReadingViews(frame, readings, kind: .otherText, partIndex: partIndex)
        return allFit ? nil : .sizeLimit
    }

    /// Returns the reason for a binary file by its name: PDF, office document, archive, or
    /// binary content.
    private static func reason(forEmbeddedFile name: String) -> NotScannedReason {
        let treatment = ContentClassifier.treatment(
            mimeType: "application/octet-stream", filename: name, insideEncryptedMultipart: false)
        switch treatment {
        case .sniff(let reason), .opaque(let reason): return reason
        case .text: return .binaryContent
        }
    }
}
