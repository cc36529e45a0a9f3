// libFuzzer target for the MIME parser. Built by run-fuzzers.sh together with the Mail
// sources into one module, so it calls the parser directly.
//
// Besides crashes and hangs it checks two properties and traps when one fails:
// - parsing the message in chunks of a size taken from the input gives the same result
//   as parsing it whole, because milter body chunks may be cut anywhere;
// - every part path is unique and every text view is well-formed UTF-8.

@_cdecl("LLVMFuzzerTestOneInput")
public func mimeParserFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = MIMELimits()
    limits.maxDecodedPartSize = 1 << 20
    limits.maxTextViewSize = 4 << 20
    let whole = MessageParser.parse(message: input, limits: limits)
    checkInvariants(whole)

    let chunkSize = 1 + Int(input.first ?? 0) % 97
    let parser = MessageStreamParser(limits: limits)
    var start = 0
    while start < input.count {
        let end = min(start + chunkSize, input.count)
        parser.feed(Array(input[start..<end]))
        start = end
    }
    do {
        let chunked = try parser.finish(body: .memory(input))
        precondition(chunked.parts == whole.parts, "chunked parse gave other parts")
        precondition(chunked.textViews == whole.textViews, "chunked parse gave other text")
        precondition(chunked.problems == whole.problems, "chunked parse gave other problems")
    } catch {
        preconditionFailure("reading from memory failed: \(error)")
    }
    _ = MIMEReport.json(whole, includeText: true)
    return 0
}

private func checkInvariants(_ message: ParsedMessage) {
    precondition(!message.parts.isEmpty, "no part for the message itself")
    precondition(message.parts[0].path == "1", "first path is \(message.parts[0].path)")
    precondition(Set(message.parts.map(\.path)).count == message.parts.count, "duplicate paths")
    for view in message.textViews {
        precondition(UTF8Repair.isValid(view.text), "text view is not UTF-8")
    }
}
