/// The handling of a leaf part's content.
enum LeafTreatment: Equatable {
    /// Decode to text and give it a view of this kind.
    case text(TextKind)
    /// Keep the decoded bytes while they look like text. Text without a file signature
    /// gets an `otherText` view. Anything else is not scanned, for the reason that its
    /// signature gives, else for `reason`.
    case sniff(reason: NotScannedReason)
    /// Count the bytes only.
    case opaque(reason: NotScannedReason)
}

/// Choice of a leaf's treatment from its content type and file name.
///
/// A part is read as text when its type or its file name says text, because mail clients
/// open attachments by file name. Encrypted content and signatures are not read, and
/// neither are the declared office, PDF and archive types, even when their bytes look like
/// text. Other types, and those file extensions, are sniffed: they are scanned only when
/// their bytes turn out to be text and carry no document or archive signature.
enum ContentClassifier {
    static func treatment(
        mimeType: String, filename: String?, insideEncryptedMultipart: Bool
    ) -> LeafTreatment {
        if insideEncryptedMultipart && mimeType != "application/pgp-encrypted" {
            return .opaque(reason: .encrypted)
        }
        if let reason = cryptographicTypes[mimeType] {
            return .opaque(reason: reason)
        }
        let extensionKind = filename.flatMap(fileExtension).flatMap { textExtensions[$0] }
        if let kind = textTypes[mimeType] ?? textKindBySuffix(mimeType) {
            return .text(kind == .otherText ? extensionKind ?? kind : kind)
        }
        if let kind = extensionKind {
            return .text(kind)
        }
        if let reason = binaryTypes[mimeType] {
            return .opaque(reason: reason)
        }
        if let reason = filename.flatMap(fileExtension).flatMap({ binaryExtensions[$0] }) {
            return .sniff(reason: reason)
        }
        return .sniff(reason: .binaryContent)
    }

    private static func fileExtension(_ filename: String) -> String? {
        guard let dot = filename.utf8.lastIndex(of: ASCII.period) else { return nil }
        let suffix = filename.utf8[filename.utf8.index(after: dot)...]
        guard !suffix.isEmpty, suffix.count <= 10 else { return nil }
        return String(decoding: suffix.asciiLowercased(), as: UTF8.self)
    }

    private static func textKindBySuffix(_ mimeType: String) -> TextKind? {
        if mimeType.hasPrefix("text/") { return .otherText }
        if mimeType.hasSuffix("+xml") || mimeType.hasSuffix("+json") { return .otherText }
        return nil
    }

    // NOTE: RTF (by type or `.rtf` name) is read as raw text, so a control word between
    // the digits of an identifier splits it; stripping RTF control words is not done yet.
    private static let textTypes: [String: TextKind] = [
        "text/plain": .plain, "text/html": .html, "application/xhtml+xml": .html,
        "text/csv": .csv, "text/comma-separated-values": .csv, "application/csv": .csv,
        "text/tab-separated-values": .csv, "text/calendar": .calendar,
        "application/ics": .calendar, "text/vcard": .vcard, "text/x-vcard": .vcard,
        "text/directory": .vcard, "application/json": .otherText,
        "application/xml": .otherText, "application/rtf": .otherText,
        "application/hl7-v2": .otherText, "x-application/hl7-v2+er7": .otherText,
        "application/edi-x12": .otherText, "application/edifact": .otherText,
        "application/x-yaml": .otherText, "application/yaml": .otherText,
        "application/javascript": .otherText, "application/x-sh": .otherText,
        "message/delivery-status": .otherText, "message/global-delivery-status": .otherText,
        "message/disposition-notification": .otherText,
        "message/global-disposition-notification": .otherText,
        "message/feedback-report": .otherText, "message/global-headers": .otherText,
        "text/rfc822-headers": .otherText,
    ]

    private static let textExtensions: [String: TextKind] = [
        "txt": .plain, "text": .plain, "log": .plain, "md": .plain, "asc": .plain,
        "htm": .html, "html": .html, "xhtml": .html, "csv": .csv, "tsv": .csv,
        "ics": .calendar, "ical": .calendar, "vcs": .calendar, "vcf": .vcard,
        "vcard": .vcard, "xml": .otherText, "json": .otherText, "rtf": .otherText,
        "hl7": .otherText, "edi": .otherText, "x12": .otherText, "ccd": .otherText,
        "ccda": .otherText, "cda": .otherText, "yaml": .otherText, "yml": .otherText,
        "ini": .otherText, "eml": .otherText, "tab": .csv,
    ]

    private static let cryptographicTypes: [String: NotScannedReason] = [
        "application/pkcs7-mime": .encrypted, "application/x-pkcs7-mime": .encrypted,
        "application/pkcs7-signature": .signature, "application/x-pkcs7-signature": .signature,
        "application/pgp-signature": .signature, "application/pkcs7-encrypted": .encrypted,
    ]

    private static let binaryTypes: [String: NotScannedReason] = [
        "application/pdf": .pdf, "application/x-pdf": .pdf,
        "application/msword": .officeDocument, "application/vnd.ms-excel": .officeDocument,
        "application/vnd.ms-powerpoint": .officeDocument,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
            .officeDocument,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": .officeDocument,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation":
            .officeDocument,
        "application/vnd.oasis.opendocument.text": .officeDocument,
        "application/vnd.oasis.opendocument.spreadsheet": .officeDocument,
        "application/vnd.oasis.opendocument.presentation": .officeDocument,
        "application/vnd.ms-outlook": .officeDocument, "application/ms-tnef": .officeDocument,
        "application/vnd.ms-tnef": .officeDocument,
        "application/zip": .archive, "application/x-zip-compressed": .archive,
        "application/gzip": .archive, "application/x-gzip": .archive,
        "application/x-7z-compressed": .archive, "application/x-rar-compressed": .archive,
        "application/vnd.rar": .archive, "application/x-tar": .archive,
    ]

    private static let binaryExtensions: [String: NotScannedReason] = [
        "pdf": .pdf, "doc": .officeDocument, "docx": .officeDocument, "docm": .officeDocument,
        "xls": .officeDocument, "xlsx": .officeDocument, "xlsm": .officeDocument,
        "ppt": .officeDocument, "pptx": .officeDocument, "odt": .officeDocument,
        "ods": .officeDocument, "odp": .officeDocument, "msg": .officeDocument,
        "dat": .officeDocument, "zip": .archive, "gz": .archive, "tgz": .archive,
        "7z": .archive, "rar": .archive, "tar": .archive,
    ]
}
