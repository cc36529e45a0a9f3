/// The body of a leaf part while it streams: transfer decoding, size counting, and the
/// bytes kept for its text view.
final class LeafContent {
    let treatment: LeafTreatment
    private var decoder: TransferDecoder
    private var pendingEnding = LineEnding.none
    private var scratch: [UInt8] = []
    private(set) var retention: TextRetention
    private(set) var decodedSize = 0
    private(set) var transferProblem: (ProblemKind, String)?
    private var sniffer = TextSniffer()
    /// For a multipart without a boundary: the first `--token` line, a likely boundary.
    private(set) var boundaryCandidate: [UInt8]?
    private let tracksBoundaryCandidate: Bool

    init(
        treatment: LeafTreatment, transferEncoding: String, limits: MIMELimits,
        tracksBoundaryCandidate: Bool = false
    ) {
        self.treatment = treatment
        decoder = TransferDecoder.make(for: transferEncoding).decoder
        let keepsText: Bool
        switch treatment {
        case .text, .sniff: keepsText = true
        case .opaque: keepsText = false
        }
        retention = TextRetention(active: keepsText, maxSize: limits.maxDecodedPartSize)
        self.tracksBoundaryCandidate = tracksBoundaryCandidate
    }

    /// Takes one body line. The line break before a delimiter belongs to the delimiter, so
    /// each line's break is held back until the next line arrives.
    func append(_ line: Line, context: ParseContext) {
        if tracksBoundaryCandidate && boundaryCandidate == nil && !line.isContinuation {
            noteBoundaryCandidate(line.content)
        }
        if pendingEnding != .none {
            let ending = pendingEnding.bytes
            ending.withUnsafeBufferPointer { feed($0, context: context) }
        }
        feed(line.content, context: context)
        pendingEnding = line.ending
    }

    /// Ends the body: at a delimiter the held-back line break is dropped, at the end of
    /// input it is content.
    func finish(atDelimiter: Bool, context: ParseContext) {
        if !atDelimiter && pendingEnding != .none {
            let ending = pendingEnding.bytes
            ending.withUnsafeBufferPointer { feed($0, context: context) }
        }
        pendingEnding = .none
        scratch.removeAll(keepingCapacity: true)
        transferProblem = decoder.finish(into: &scratch)
        consumeDecoded(context: context)
    }

    /// True when the kept bytes should become a text view.
    var isText: Bool {
        switch treatment {
        case .text: true
        case .sniff: sniffer.looksLikeText && decodedSize > 0
        case .opaque: false
        }
    }

    func takeText(context: ParseContext) -> [UInt8] {
        retention.take(context: context)
    }

    private func feed(_ input: UnsafeBufferPointer<UInt8>, context: ParseContext) {
        guard input.count > 0 else { return }
        if decoder.isIdentity {
            consume(input, context: context)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        decoder.decode(input, into: &scratch)
        consumeDecoded(context: context)
    }

    private func consumeDecoded(context: ParseContext) {
        scratch.withUnsafeBufferPointer { consume($0, context: context) }
    }

    private func consume(_ decoded: UnsafeBufferPointer<UInt8>, context: ParseContext) {
        decodedSize += decoded.count
        guard retention.isActive else { return }
        if case .sniff = treatment {
            sniffer.inspect(decoded)
            if !sniffer.looksLikeText {
                retention.discard(context: context)
                return
            }
        }
        retention.append(decoded, context: context)
    }

    private func noteBoundaryCandidate(_ content: UnsafeBufferPointer<UInt8>) {
        guard content.count > 2, content.count <= 74, content[0] == ASCII.hyphen,
            content[1] == ASCII.hyphen
        else { return }
        var candidate = Array(content[2...])
        while let last = candidate.last, ASCII.isWhitespace(last) { candidate.removeLast() }
        if candidate.count > 2 && candidate.suffix(2).elementsEqual([ASCII.hyphen, ASCII.hyphen]) {
            candidate.removeLast(2)
        }
        if !candidate.isEmpty && !candidate.contains(where: ASCII.isWhitespace) {
            boundaryCandidate = candidate
        }
    }
}

/// A running guess whether bytes are text: no NUL bytes and few other control bytes.
struct TextSniffer {
    private(set) var looksLikeText = true
    private var inspected = 0
    private var controls = 0

    mutating func inspect(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard looksLikeText else { return }
        for byte in bytes where byte < 0x20 {
            switch byte {
            case ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn, 0x0C, 0x1B:
                continue
            case 0:
                looksLikeText = false
                return
            default:
                controls += 1
            }
        }
        inspected += bytes.count
        if controls * 100 > inspected && inspected >= 512 || controls > 64 {
            looksLikeText = false
        }
    }
}
