/// The line break that ended a line in the input.
enum LineEnding: Sendable, Hashable {
    /// End of input, or a piece of a line longer than `LineSplitter.maxBufferedLine`.
    case none
    case lineFeed
    case carriageReturnLineFeed
    /// A carriage return not followed by a line feed.
    case carriageReturn

    /// The bytes of the line break as they appeared.
    var bytes: [UInt8] {
        switch self {
        case .none: []
        case .lineFeed: [ASCII.lineFeed]
        case .carriageReturnLineFeed: [ASCII.carriageReturn, ASCII.lineFeed]
        case .carriageReturn: [ASCII.carriageReturn]
        }
    }

    var byteCount: Int {
        switch self {
        case .none: 0
        case .lineFeed, .carriageReturn: 1
        case .carriageReturnLineFeed: 2
        }
    }
}

/// One line, or one piece of an over-long line, handed out by `LineSplitter`.
///
/// `content` is valid only inside the callback that receives it.
struct Line {
    var content: UnsafeBufferPointer<UInt8>
    var ending: LineEnding
    /// True when this piece does not start at the beginning of a line, so it can never be
    /// a header field or a MIME delimiter.
    var isContinuation: Bool
    /// Offset of the first byte of `content` in the whole input.
    var offset: Int
}

/// Splitting of a byte stream, fed in chunks of any size, into lines.
///
/// One line model for headers and bodies: a line ends at CRLF, at a lone LF or at a lone CR.
/// A CR at the end of a chunk waits for the next chunk, so the result does not depend on
/// where the chunks were cut. Lines longer than `maxBufferedLine` that straddle chunks are
/// handed out in pieces, which bounds the memory held between chunks.
struct LineSplitter {
    static let maxBufferedLine = 64 * 1024

    private var carry: [UInt8] = []
    private var carryIsContinuation = false
    private var carryOffset = 0
    private var consumed = 0

    /// Total bytes fed so far.
    var offset: Int { consumed }

    /// Calls `handle` for every line that `chunk` completes.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Line) -> Void) {
        let count = chunk.count
        guard count > 0 else { return }
        let chunkOffset = consumed
        consumed += count
        var start = 0
        // An over-long line whose last piece was handed out goes on in this chunk.
        if !carry.isEmpty || carryIsContinuation {
            guard let resumed = completeCarry(chunk, chunkOffset: chunkOffset, handle) else {
                return
            }
            start = resumed
        }
        while start < count {
            let index = Self.lineBreakIndex(in: chunk, from: start)
            guard index < count, let (ending, next) = Self.ending(in: chunk, at: index) else {
                // No line break, or a CR as the last byte whose meaning the next chunk
                // decides: keep the rest for the next chunk.
                keep(UnsafeBufferPointer(rebasing: chunk[start..<count]), at: chunkOffset + start)
                if index == count { flushOverlongCarry(handle) }
                return
            }
            let content = UnsafeBufferPointer(rebasing: chunk[start..<index])
            handle(
                Line(
                    content: content, ending: ending, isContinuation: false,
                    offset: chunkOffset + start))
            start = next
        }
    }

    /// Returns the index of the first CR or LF at or after `start`, or `buffer.count`.
    @inline(__always)
    static func lineBreakIndex(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
            index += 1
        }
        return index
    }

    /// Returns the line ending at `index` (a CR or LF) and the index after it, or nil for a
    /// CR that is the last byte of `buffer`, which may be the first half of a CRLF.
    @inline(__always)
    static func ending(in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (
        LineEnding, Int
    )? {
        if buffer[index] == ASCII.lineFeed {
            return (.lineFeed, index + 1)
        }
        guard index + 1 < buffer.count else { return nil }
        if buffer[index + 1] == ASCII.lineFeed {
            return (.carriageReturnLineFeed, index + 2)
        }
        return (.carriageReturn, index + 1)
    }

    /// Hands out the last line when the input does not end with a line break.
    mutating func finish(_ handle: (Line) -> Void) {
        guard !carry.isEmpty else { return }
        var ending = LineEnding.none
        if carry.last == ASCII.carriageReturn {
            carry.removeLast()
            ending = .carriageReturn
        }
        emitCarry(ending: ending, handle)
    }

    // MARK: - Carry between chunks

    /// Finishes the line held in `carry` with the start of `chunk`. Returns where the rest
    /// of the chunk starts, or nil when the whole chunk went into `carry`.
    private mutating func completeCarry(
        _ chunk: UnsafeBufferPointer<UInt8>, chunkOffset: Int, _ handle: (Line) -> Void
    ) -> Int? {
        if carry.last == ASCII.carriageReturn {
            carry.removeLast()
            if chunk[0] == ASCII.lineFeed {
                emitCarry(ending: .carriageReturnLineFeed, handle)
                return 1
            }
            emitCarry(ending: .carriageReturn, handle)
            return 0
        }
        let index = Self.lineBreakIndex(in: chunk, from: 0)
        carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<index]))
        if index == chunk.count {
            flushOverlongCarry(handle)
            return nil
        }
        guard let (ending, next) = Self.ending(in: chunk, at: index) else {
            carry.append(ASCII.carriageReturn)
            return nil
        }
        emitCarry(ending: ending, handle)
        return next
    }

    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        if carry.isEmpty {
            carryOffset = offset
        }
        carry.append(contentsOf: bytes)
    }

    private mutating func flushOverlongCarry(_ handle: (Line) -> Void) {
        guard carry.count > Self.maxBufferedLine else { return }
        emitCarry(ending: .none, handle)
        carryIsContinuation = true
    }

    private mutating func emitCarry(ending: LineEnding, _ handle: (Line) -> Void) {
        let isContinuation = carryIsContinuation
        let offset = carryOffset
        carry.withUnsafeBufferPointer { content in
            handle(
                Line(
                    content: content, ending: ending, isContinuation: isContinuation,
                    offset: offset))
        }
        carryOffset = offset + carry.count + ending.byteCount
        carry.removeAll(keepingCapacity: true)
        if ending != .none {
            carryIsContinuation = false
        }
    }
}

extension LineSplitter {
    /// Returns the line of a complete buffer that starts at `start`, and the index where the
    /// next one starts. A CR as the last byte of the buffer is a line ending.
    static func line(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (
        line: Line, next: Int
    ) {
        let index = lineBreakIndex(in: buffer, from: start)
        let content = UnsafeBufferPointer(rebasing: buffer[start..<index])
        var ending = LineEnding.none
        var next = index
        if index < buffer.count {
            (ending, next) = Self.ending(in: buffer, at: index) ?? (.carriageReturn, index + 1)
        }
        return (Line(content: content, ending: ending, isContinuation: false, offset: start), next)
    }
}
