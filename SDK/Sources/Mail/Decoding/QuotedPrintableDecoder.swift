/// A streaming quoted-printable decoder (RFC 2045 section 6.7).
///
/// - `=XX` with hex digits in either case becomes the byte.
/// - `=` at the end of a line, optionally followed by spaces or tabs, is a soft line break
///   and joins the lines; CRLF, LF and a lone CR all end a line.
/// - An `=` not followed by two hex digits or a line end is kept literally with what
///   follows, and counted in `invalidSequences`.
/// - Spaces and tabs at the end of a line are removed, because transport adds them.
/// - Hard line breaks are kept as they appeared.
///
/// Input may be fed in chunks cut anywhere, including inside `=XX` or a CRLF.
public struct QuotedPrintableDecoder: Sendable {
    private enum State: Sendable {
        case text
        case afterEquals
        case afterEqualsHex(UInt8)
        /// After `=` and white space: a line break makes it a soft break.
        case afterEqualsWhitespace
        /// After a soft break that ended in CR: an LF right after belongs to it.
        case afterSoftBreakCarriageReturn
    }

    private var state = State.text
    /// Spaces and tabs held back until the next byte shows whether they end a line.
    private var pendingWhitespace: [UInt8] = []
    public private(set) var invalidSequences = 0

    public init() {}

    /// Decodes `input` and appends the bytes to `output`.
    public mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + input.count)
        for byte in input {
            consume(byte, into: &output)
        }
    }

    /// Decodes `input` and appends the bytes to `output`.
    public mutating func decode(_ input: [UInt8], into output: inout [UInt8]) {
        input.withUnsafeBufferPointer { decode($0, into: &output) }
    }

    /// Writes what is held back at the end of input. Call it once, after the last chunk.
    public mutating func finish(into output: inout [UInt8]) {
        switch state {
        case .afterEquals:
            // `=` as the very last byte is a soft break with nothing after it.
            break
        case .afterEqualsHex(let high):
            invalidSequences += 1
            output.append(ASCII.equals)
            output.append(high)
        case .afterEqualsWhitespace, .afterSoftBreakCarriageReturn, .text:
            break
        }
        state = .text
        pendingWhitespace.removeAll()
    }

    /// Decodes a whole quoted-printable text at once.
    public static func decode(_ input: [UInt8]) -> (bytes: [UInt8], invalidSequences: Int) {
        var decoder = QuotedPrintableDecoder()
        var output: [UInt8] = []
        decoder.decode(input, into: &output)
        decoder.finish(into: &output)
        return (output, decoder.invalidSequences)
    }

    // MARK: - State machine

    @inline(__always)
    private mutating func consume(_ byte: UInt8, into output: inout [UInt8]) {
        switch state {
        case .text:
            consumeText(byte, into: &output)
        case .afterEquals:
            if ASCII.hexValue(byte) != nil {
                state = .afterEqualsHex(byte)
            } else if byte == ASCII.lineFeed {
                state = .text
            } else if byte == ASCII.carriageReturn {
                state = .afterSoftBreakCarriageReturn
            } else if ASCII.isWhitespace(byte) {
                pendingWhitespace.append(byte)
                state = .afterEqualsWhitespace
            } else {
                invalidSequences += 1
                output.append(ASCII.equals)
                state = .text
                consumeText(byte, into: &output)
            }
        case .afterEqualsHex(let high):
            state = .text
            if let highValue = ASCII.hexValue(high), let lowValue = ASCII.hexValue(byte) {
                output.append(highValue << 4 | lowValue)
            } else {
                invalidSequences += 1
                output.append(ASCII.equals)
                output.append(high)
                consumeText(byte, into: &output)
            }
        case .afterEqualsWhitespace:
            consumeAfterEqualsWhitespace(byte, into: &output)
        case .afterSoftBreakCarriageReturn:
            state = .text
            if byte != ASCII.lineFeed {
                consumeText(byte, into: &output)
            }
        }
    }

    @inline(__always)
    private mutating func consumeText(_ byte: UInt8, into output: inout [UInt8]) {
        if byte == ASCII.space || byte == ASCII.tab {
            pendingWhitespace.append(byte)
            if pendingWhitespace.count > 4096 {
                output.append(contentsOf: pendingWhitespace)
                pendingWhitespace.removeAll(keepingCapacity: true)
            }
            return
        }
        if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
            pendingWhitespace.removeAll(keepingCapacity: true)
            output.append(byte)
            return
        }
        if !pendingWhitespace.isEmpty {
            output.append(contentsOf: pendingWhitespace)
            pendingWhitespace.removeAll(keepingCapacity: true)
        }
        if byte == ASCII.equals {
            state = .afterEquals
        } else {
            output.append(byte)
        }
    }

    private mutating func consumeAfterEqualsWhitespace(_ byte: UInt8, into output: inout [UInt8]) {
        if ASCII.isWhitespace(byte) {
            pendingWhitespace.append(byte)
            if pendingWhitespace.count > 4096 {
                invalidSequences += 1
                output.append(ASCII.equals)
                state = .text
                output.append(contentsOf: pendingWhitespace)
                pendingWhitespace.removeAll(keepingCapacity: true)
            }
            return
        }
        if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
            pendingWhitespace.removeAll(keepingCapacity: true)
            state = byte == ASCII.carriageReturn ? .afterSoftBreakCarriageReturn : .text
            return
        }
        // `=` followed by white space and then text: keep all of it literally.
        invalidSequences += 1
        output.append(ASCII.equals)
        output.append(contentsOf: pendingWhitespace)
        pendingWhitespace.removeAll(keepingCapacity: true)
        state = .text
        consumeText(byte, into: &output)
    }
}
