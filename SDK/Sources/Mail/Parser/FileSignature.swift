/// Identification of common file formats by the signature (magic number) their first bytes
/// carry, whatever type a part declares: images that mail clients attach, and documents
/// and archives that may hide behind an image type.
public enum FileSignature {
    /// The number of first bytes that `mediaType(of:)` reads.
    public static let headLength = 16

    /// Returns the media type whose signature `head` starts with, or nil when it matches
    /// none: `image/png`, `image/jpeg`, `image/gif`, `image/webp`, `image/bmp`,
    /// `image/tiff`, `image/x-icon`, `image/heic`, `image/avif`, `application/pdf`,
    /// `application/zip` (also docx, xlsx, pptx and OpenDocument), `application/x-ole-storage`
    /// (doc, xls, ppt, msg), `application/gzip`, `application/x-7z-compressed` or
    /// `application/vnd.rar`.
    public static func mediaType(of head: some Collection<UInt8>) -> String? {
        let bytes = Array(head.prefix(headLength))
        for (signature, type) in prefixes where bytes.starts(with: signature) {
            return type
        }
        return containerType(bytes)
    }

    /// Identifies the formats whose signature is not a plain prefix: RIFF and ISO media
    /// containers, and BMP, whose two-letter prefix is checked with its reserved zero
    /// bytes so that text starting with "BM" does not match.
    private static func containerType(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 12 else { return nil }
        if bytes[0..<4].elementsEqual("RIFF".utf8) && bytes[8..<12].elementsEqual("WEBP".utf8) {
            return "image/webp"
        }
        if bytes[4..<8].elementsEqual("ftyp".utf8) {
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            if brand == "avif" || brand == "avis" { return "image/avif" }
            if ["heic", "heix", "hevc", "heim", "heis", "mif1"].contains(brand) {
                return "image/heic"
            }
        }
        if bytes[0..<2].elementsEqual("BM".utf8) && bytes[6..<10].allSatisfy({ $0 == 0 }) {
            return "image/bmp"
        }
        return nil
    }

    private static let prefixes: [(signature: [UInt8], type: String)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        (Array("GIF87a".utf8), "image/gif"),
        (Array("GIF89a".utf8), "image/gif"),
        ([0x49, 0x49, 0x2A, 0x00], "image/tiff"),
        ([0x4D, 0x4D, 0x00, 0x2A], "image/tiff"),
        ([0x00, 0x00, 0x01, 0x00], "image/x-icon"),
        (Array("%PDF-".utf8), "application/pdf"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/x-ole-storage"),
        ([0x1F, 0x8B], "application/gzip"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "application/x-7z-compressed"),
        ([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], "application/vnd.rar"),
    ]
}
