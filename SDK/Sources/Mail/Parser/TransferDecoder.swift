/// The decoder of one Content-Transfer-Encoding, fed in pieces.
enum TransferDecoder {
    /// 7bit, 8bit, binary and unknown encodings: the bytes as they are.
    case identity
    case base64(Base64Decoder)
    case quotedPrintable(QuotedPrintableDecoder)
    /// `x-uuencode` and its other names, which mail clients such as Thunderbird decode
    /// although RFC 2045 does not define them.
    case uuencode(UUDecoder)

    private static let uuencodeNames: Set<String> = ["x-uuencode", "uuencode", "x-uue", "uue"]

    /// Returns the decoder for a lower-cased encoding name, and whether the name is known.
    static func make(for encoding: String) -> (decoder: TransferDecoder, isKnown: Bool) {
        switch encoding {
        case "base64": (.base64(Base64Decoder()), true)
        case "quoted-printable": (.quotedPrintable(QuotedPrintableDecoder()), true)
        case "7bit", "8bit", "binary": (.identity, true)
        case _ where uuencodeNames.contains(encoding): (.uuencode(UUDecoder()), true)
        default: (.identity, false)
        }
    }

    /// True for the encodings that `make(for:)` decodes or passes through by definition;
    /// any other name is unknown, and its content counts as not scanned.
    static func isKnown(_ encoding: String) -> Bool {
        switch encoding {
        case "base64", "quoted-printable", "7bit", "8bit", "binary": true
        default: uuencodeNames.contains(encoding)
        }
    }

    var isIdentity: Bool {
        if case .identity = self { true } else { false }
    }

    /// Decodes `input` into `output`, which the caller empties between calls.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        switch self {
        case .identity:
            output.append(contentsOf: input)
        case .base64(var decoder):
            self = .identity
            decoder.decode(input, into: &output)
            self = .base64(decoder)
        case .quotedPrintable(var decoder):
            self = .identity
            decoder.decode(input, into: &output)
            self = .quotedPrintable(decoder)
        case .uuencode(var decoder):
            self = .identity
            decoder.decode(input, into: &output)
            self = .uuencode(decoder)
        }
    }

    /// Writes what the decoder holds back at the end and returns a description of the
    /// damage it met, with its problem kind, or nil.
    mutating func finish(into output: inout [UInt8]) -> (ProblemKind, String)? {
        switch self {
        case .identity:
            return nil
        case .base64(var decoder):
            decoder.finish(into: &output)
            self = .base64(decoder)
            let damage = decoder.damage
            return damage.isHarmless ? nil : (.invalidBase64, "base64: " + damage.summary)
        case .quotedPrintable(var decoder):
            decoder.finish(into: &output)
            self = .quotedPrintable(decoder)
            let count = decoder.invalidSequences
            return count == 0
                ? nil
                : (
                    .invalidQuotedPrintable,
                    "quoted-printable: \(count) invalid '=' sequences "
                        + "kept literally"
                )
        case .uuencode(var decoder):
            decoder.finish(into: &output)
            self = .uuencode(decoder)
            return decoder.problem
        }
    }
}
