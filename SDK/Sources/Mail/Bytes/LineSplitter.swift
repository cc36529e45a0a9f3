/// The line break that ended a line in the input.
public enum LineEnding: Sendable, Hashable {
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
        if !carry.isEmpty {
            guard let resumed = completeCarry(chunk, chunkOffset: chunkOffset, handle) else {
                return
            }
            start = resumed
        }
        while start < count {
            var index = start
            while index < count {
                let byte = chunk[index]
                if byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
                index += 1
            }
            if index == count {
                keep(UnsafeBufferPointer(rebasing: chunk[start..<count]), at: chunkOffset + start)
                flushOverlongCarry(handle)
                return
            }
            let ending: LineEnding
            var next = index + 1
            if chunk[index] == ASCII.lineFeed {
                ending = .lineFeed
            } else if index + 1 == count {
                // A CR as the last byte: the next chunk decides between CR and CRLF.
                keep(UnsafeBufferPointer(rebasing: chunk[start...index]), at: chunkOffset + start)
                return
            } else if chunk[index + 1] == ASCII.lineFeed {
                ending = .carriageReturnLineFeed
                next = index + 2
            } else {
                ending = .carriageReturn
            }
            let content = UnsafeBufferPointer(rebasing: chunk[start..<index])
            handle(
                Line(
                    content: content, ending: ending, isContinuation: false,
                    offset: chunkOffset + start))
            start = next
        }
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
        var index = 0
        while index < chunk.count {
            let byte = chunk[index]
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
            index += 1
        }
        carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<index]))
        if index == chunk.count {
            flushOverlongCarry(handle)
            return nil
        }
        if chunk[index] == ASCII.lineFeed {
            emitCarry(ending: .lineFeed, handle)
            return index + 1
        }
        if index + 1 == chunk.count {
            carry.append(ASCII.carriageReturn)
            return nil
        }
        if chunk[index + 1] == ASCII.lineFeed {
            emitCarry(ending: .carriageReturnLineFeed, handle)
            return index + 2
        }
        emitCarry(ending: .carriageReturn, handle)
        return index + 1
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
        var index = start
        while index < buffer.count
            && buffer[index] != ASCII.lineFeed && buffer[index] != ASCII.carriageReturn
        {
            index += 1
        }
        let content = UnsafeBufferPointer(rebasing: buffer[start..<index])
        var ending = LineEnding.none
        var next = index
        if index < buffer.count {
            if buffer[index] == ASCII.lineFeed {
                ending = .lineFeed
                next = index + 1
            } else if index + 1 < buffer.count && buffer[index + 1] == ASCII.lineFeed {
                ending = .carriageReturnLineFeed
                next = index + 2
            } else {
                ending = .carriageReturn
                next = index + 1
            }
        }
        return (Line(content: content, ending: ending, isContinuation: false, offset: start), next)
    }
}
