/// The body of a `message/*` part while it streams: a nested parser reads the attached
/// message from the transfer-decoded bytes.
///
/// RFC 2045 section 6.4 allows only 7bit, 8bit and binary on `message/rfc822`, but other
/// transfer encodings occur. The bytes are decoded before the nested parser reads them, so
/// the attached message is still scanned.
final class MessageContent {
    let parser: MIMEStreamParser
    private var decoder: TransferDecoder
    private var pendingEnding = LineEnding.none
    private var scratch: [UInt8] = []
    private(set) var decodedSize = 0
    private(set) var transferProblem: (ProblemKind, String)?

    init(parser: MIMEStreamParser, transferEncoding: String) {
        self.parser = parser
        decoder = TransferDecoder.make(for: transferEncoding).decoder
    }

    func append(_ line: Line) {
        if pendingEnding != .none {
            let ending = pendingEnding.bytes
            ending.withUnsafeBufferPointer { feed($0) }
        }
        feed(line.content)
        pendingEnding = line.ending
    }

    func finish(atDelimiter: Bool) {
        if !atDelimiter && pendingEnding != .none {
            let ending = pendingEnding.bytes
            ending.withUnsafeBufferPointer { feed($0) }
        }
        pendingEnding = .none
        scratch.removeAll(keepingCapacity: true)
        transferProblem = decoder.finish(into: &scratch)
        forward()
        parser.finish()
    }

    private func feed(_ input: UnsafeBufferPointer<UInt8>) {
        guard input.count > 0 else { return }
        if decoder.isIdentity {
            decodedSize += input.count
            parser.feed(input)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        decoder.decode(input, into: &scratch)
        forward()
    }

    private func forward() {
        decodedSize += scratch.count
        scratch.withUnsafeBufferPointer { parser.feed($0) }
    }
}
