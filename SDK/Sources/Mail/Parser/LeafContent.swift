/// The body of a leaf part while it streams: transfer decoding, size counting, and the
/// bytes kept for its text view.
///
/// The state is one struct behind one stored property, so each line costs one exclusive
/// access to the class instead of one per field.
final class LeafContent {
    private var state: LeafState

    init(
        treatment: LeafTreatment, transferEncoding: String, limits: MIMELimits,
        tracksBoundaryCandidate: Bool = false
    ) {
        state = LeafState(
            treatment: treatment, transferEncoding: transferEncoding, limits: limits,
            tracksBoundaryCandidate: tracksBoundaryCandidate)
    }

    var treatment: LeafTreatment { state.treatment }
    var decodedSize: Int { state.decodedSize }
    /// The first `FileSignature.headLength` decoded bytes, kept whether or not the content
    /// is text.
    var head: [UInt8] { state.head }
    var transferProblem: (ProblemKind, String)? { state.transferProblem }
    var isTruncated: Bool { state.retention.truncated }
    /// For a multipart without a boundary: the first `--token` line, a likely boundary.
    var boundaryCandidate: [UInt8]? { state.boundaryCandidate }

    /// True when the kept bytes should become a text view.
    var isText: Bool {
        switch state.treatment {
        case .text: true
        case .sniff: state.sniffer.looksLikeCompleteText
        case .opaque: false
        }
    }

    /// Takes one body line. The line break before a delimiter belongs to the delimiter, so
    /// each line's break is held back until the next line arrives.
    func append(_ line: Line, context: ParseContext) {
        state.append(line, context: context)
    }

    /// Ends the body: at a delimiter the held-back line break is dropped, at the end of
    /// input it is content.
    func finish(atDelimiter: Bool, context: ParseContext) {
        state.finish(atDelimiter: atDelimiter, context: context)
    }

    func takeText(context: ParseContext) -> [UInt8] {
        state.retention.take(context: context)
    }

    /// Frees the kept bytes of content that will not become a text view.
    func discardText(context: ParseContext) {
        state.retention.discard(context: context)
    }
}

/// The fields of `LeafContent`.
struct LeafState {
    let treatment: LeafTreatment
    private var decoder: TransferDecoder
    /// True for base64, where line breaks are white space that need not be fed.
    private let ignoresLineBreaks: Bool
    private var pendingEnding = LineEnding.none
    private var scratch: [UInt8] = []
    var retention: TextRetention
    private(set) var decodedSize = 0
    private(set) var head: [UInt8] = []
    private(set) var transferProblem: (ProblemKind, String)?
    private(set) var sniffer = TextSniffer()
    private(set) var boundaryCandidate: [UInt8]?
    private let tracksBoundaryCandidate: Bool

    init(
        treatment: LeafTreatment, transferEncoding: String, limits: MIMELimits,
        tracksBoundaryCandidate: Bool
    ) {
        self.treatment = treatment
        decoder = TransferDecoder.make(for: transferEncoding).decoder
        if case .base64 = decoder { ignoresLineBreaks = true } else { ignoresLineBreaks = false }
        let keepsText: Bool
        switch treatment {
        case .text, .sniff: keepsText = true
        case .opaque: keepsText = false
        }
        retention = TextRetention(active: keepsText, maxSize: limits.maxDecodedPartSize)
        self.tracksBoundaryCandidate = tracksBoundaryCandidate
    }

    mutating func append(_ line: Line, context: ParseContext) {
        if tracksBoundaryCandidate && boundaryCandidate == nil && !line.isContinuation {
            noteBoundaryCandidate(line.content)
        }
        if pendingEnding != .none && !ignoresLineBreaks {
            feedEnding(pendingEnding, context: context)
        }
        feed(line.content, context: context)
        pendingEnding = line.ending
    }

    mutating func finish(atDelimiter: Bool, context: ParseContext) {
        if !atDelimiter && pendingEnding != .none && !ignoresLineBreaks {
            feedEnding(pendingEnding, context: context)
        }
        pendingEnding = .none
        scratch.removeAll(keepingCapacity: true)
        transferProblem = decoder.finish(into: &scratch)
        consumeScratch(context: context)
    }

    private mutating func feedEnding(_ ending: LineEnding, context: ParseContext) {
        ending.bytes.withUnsafeBufferPointer { feed($0, context: context) }
    }

    private mutating func feed(_ input: UnsafeBufferPointer<UInt8>, context: ParseContext) {
        guard input.count > 0 else { return }
        if decoder.isIdentity {
            consume(input, context: context)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        decoder.decode(input, into: &scratch)
        consumeScratch(context: context)
    }

    private mutating func consumeScratch(context: ParseContext) {
        var decoded = scratch
        scratch = []
        decoded.withUnsafeBufferPointer { consume($0, context: context) }
        decoded.removeAll(keepingCapacity: true)
        scratch = decoded
    }

    private mutating func consume(_ decoded: UnsafeBufferPointer<UInt8>, context: ParseContext) {
        decodedSize += decoded.count
        if head.count < FileSignature.headLength {
            head.append(contentsOf: decoded.prefix(FileSignature.headLength - head.count))
        }
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

    private mutating func noteBoundaryCandidate(_ content: UnsafeBufferPointer<UInt8>) {
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

    /// The guess for content that ended, with the share of control bytes checked below
    /// 512 bytes too. There it takes at least 4 control bytes, so that one stray byte in a
    /// short text does not count, while a short binary blob without NUL bytes, with about
    /// one control byte in ten, does.
    var looksLikeCompleteText: Bool {
        guard looksLikeText else { return false }
        return inspected >= 512 || controls < 4 || controls * 100 <= inspected
    }

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
