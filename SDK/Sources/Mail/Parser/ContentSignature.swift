/// The not-scanned reason that a part's first decoded bytes prove, whatever type or file
/// name the part declares.
///
/// A small PDF or a compressed stream can be free of NUL and control bytes, so the
/// text test alone would pass it and scan its compressed bytes as text. The signature is
/// checked first, and the bytes also name the reason: a zip archive named `labs.pdf` is an
/// archive, not a PDF document.
enum ContentSignature {
    /// Returns the reason that the signature at the start of `head` gives, or nil when
    /// `head` starts with no document, archive or compressed-data signature (gzip, zlib,
    /// bzip2 or Zstandard). A zip container stays an office document when `declared` is
    /// `.officeDocument`, because docx, xlsx, pptx and OpenDocument files are zip archives.
    /// Encrypted content and signatures keep their reason.
    static func reason(of head: [UInt8], declared: NotScannedReason) -> NotScannedReason? {
        guard declared != .encrypted && declared != .signature else { return nil }
        switch FileSignature.mediaType(of: head) {
        case "application/pdf":
            return .pdf
        case "application/zip":
            return declared == .officeDocument ? .officeDocument : .archive
        case "application/x-ole-storage":
            return .officeDocument
        case "application/gzip":
            return .compressedData
        case "application/x-7z-compressed", "application/vnd.rar":
            return .archive
        default:
            return isCompressedStream(head) ? .compressedData : nil
        }
    }

    /// Returns true for the start of a zlib, bzip2 or Zstandard stream.
    private static func isCompressedStream(_ head: [UInt8]) -> Bool {
        isZlibHeader(head) || isBzip2Header(head) || head.starts(with: [0x28, 0xB5, 0x2F, 0xFD])
    }

    /// Returns true for `BZh`, a block size digit and the magic number of the first block
    /// or of the end of an empty stream, so that text starting with `BZh` does not match.
    private static func isBzip2Header(_ head: [UInt8]) -> Bool {
        guard head.count >= 10, head.starts(with: Array("BZh".utf8)),
            (0x31...0x39).contains(head[3])
        else {
            return false
        }
        let block = Array(head[4..<10])
        return block == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
            || block == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90]
    }

    /// Returns true for the two-byte header of a zlib stream (RFC 1950) with deflate and a
    /// 32 KiB window, as zlib writes it at each compression level. Other window sizes are
    /// left out, because their headers include text such as `80`.
    private static func isZlibHeader(_ head: [UInt8]) -> Bool {
        guard head.count >= 2, head[0] == 0x78 else { return false }
        return [0x01, 0x5E, 0x9C, 0xDA].contains(head[1])
    }
}
