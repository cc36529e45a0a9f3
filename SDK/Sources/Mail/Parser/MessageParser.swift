/// Entry points of the MIME parser.
///
/// Every entry point runs the same streaming parser, so the same message gives the same
/// `ParsedMessage` whether it arrives as milter header fields and a body, as one byte
/// array, or as a file. After the primary reading, ambiguous entities are parsed again
/// from their bytes in the other plausible way: conflicting Content-Type fields, a nested
/// multipart that reuses its parent's boundary, a multipart without a boundary. The text
/// views of those readings are added with their `reading` set.
/// `MessageStreamParser` is the incremental form.
public enum MessageParser {
    /// Parses a message whose header fields were already split off, as a milter receives
    /// them: each field's value is the raw bytes after the colon, folds kept. A `.file`
    /// body is read in chunks and never loaded whole.
    ///
    /// - Throws: `MailError.unreadableFile` when a `.file` body cannot be read.
    public static func parse(
        headers: [HeaderField], body: MessageBody, limits: MIMELimits = MIMELimits()
    ) throws(MailError) -> ParsedMessage {
        let parser = MessageStreamParser(headers: headers, limits: limits)
        try ByteSource(body).forEachChunk { chunk in parser.feed(UnsafeRawBufferPointer(chunk)) }
        return try parser.finish(body: body)
    }

    /// Parses a whole message held in memory, header block first.
    public static func parse(message: [UInt8], limits: MIMELimits = MIMELimits())
        -> ParsedMessage
    {
        let parser = MessageStreamParser(limits: limits)
        parser.feed(message)
        var parsed = parser.finishPrimaryReading()
        do {
            try parser.addAlternativeReadings(to: &parsed, source: .memory(message))
        } catch {
            // Reading from memory cannot fail, and the primary reading is complete without it.
        }
        return parsed
    }

    /// Parses a whole message from a file, header block first, reading it in chunks so
    /// that memory does not grow with the file size.
    ///
    /// - Throws: `MailError.unreadableFile` when the file cannot be opened or read.
    public static func parse(contentsOfFile path: String, limits: MIMELimits = MIMELimits())
        throws(MailError) -> ParsedMessage
    {
        let parser = MessageStreamParser(limits: limits)
        let source = ByteSource.file(path: path, start: 0, size: nil)
        try source.forEachChunk { chunk in parser.feed(UnsafeRawBufferPointer(chunk)) }
        var parsed = parser.finishPrimaryReading()
        try parser.addAlternativeReadings(to: &parsed, source: source)
        return parsed
    }
}
