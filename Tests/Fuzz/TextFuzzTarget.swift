// libFuzzer target for the text converters and the stand-alone decoders: HTML to text,
// flowed text, iCalendar/vCard text, normalisation, base64 and quoted-printable. Built by
// run-fuzzers.sh together with the Mail sources into one module.
//
// Besides crashes and hangs it checks that the decoders give the same bytes whether fed
// whole or in chunks, and that every text output is well-formed UTF-8.

@_cdecl("LLVMFuzzerTestOneInput")
public func textFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let text = UTF8Repair.repair(input).utf8
    checkText(HTMLTextExtractor.extract(text))
    checkText(FlowedText.unflow(text, deleteSpace: true))
    checkText(FlowedText.unflow(text, deleteSpace: false))
    checkText(DirectoryText.extract(text))
    checkText(TextNormalizer.normalize(text))

    let chunkSize = 1 + Int(input.first ?? 0) % 13
    let base64 = Base64Decoder.decode(input)
    var base64Decoder = Base64Decoder()
    var base64Chunked: [UInt8] = []
    let quotedPrintable = QuotedPrintableDecoder.decode(input)
    var quotedPrintableDecoder = QuotedPrintableDecoder()
    var quotedPrintableChunked: [UInt8] = []
    var start = 0
    while start < input.count {
        let chunk = Array(input[start..<min(start + chunkSize, input.count)])
        base64Decoder.decode(chunk, into: &base64Chunked)
        quotedPrintableDecoder.decode(chunk, into: &quotedPrintableChunked)
        start += chunkSize
    }
    base64Decoder.finish(into: &base64Chunked)
    quotedPrintableDecoder.finish(into: &quotedPrintableChunked)
    precondition(base64Chunked == base64.bytes, "chunked base64 differs")
    precondition(base64Decoder.damage == base64.damage, "chunked base64 damage differs")
    precondition(
        quotedPrintableChunked == quotedPrintable.bytes, "chunked quoted-printable differs")
    return 0
}

private func checkText(_ text: [UInt8]) {
    precondition(UTF8Repair.isValid(text), "text output is not UTF-8")
}
