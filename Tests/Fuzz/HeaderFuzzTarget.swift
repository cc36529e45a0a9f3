// libFuzzer target for header and address parsing: header blocks, unfolding, RFC 2047,
// Content-Type and Content-Disposition with RFC 2231 parameters, address lists, and the
// charset converter with a label taken from the input. Built by run-fuzzers.sh together
// with the Mail sources into one module.
//
// Besides crashes and hangs it checks that decoded values contain no line breaks and are
// well-formed UTF-8, and traps when one is not.

@_cdecl("LLVMFuzzerTestOneInput")
public func headerFuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let split = HeaderBlock.split(input)
    for field in split.fields {
        checkDecoded(field.decodedValue())
        _ = AddressListParser.parse(field)
    }
    checkDecoded(EncodedWordDecoder.decode(input).text)
    for address in AddressListParser.parse(input) {
        for mailbox in address.mailboxes {
            checkDecoded(mailbox.displayName ?? "")
            checkDecoded(mailbox.comment ?? "")
            _ = mailbox.address
        }
    }
    if let type = ContentType.parse(input) {
        _ = type.boundary
        for parameter in type.parameters.parameters {
            checkDecoded(parameter.value)
        }
    }
    _ = ContentDisposition.parse(input).filename
    let labelLength = min(Int(input.first ?? 0) % 24, max(input.count - 1, 0))
    let label = String(decoding: input.dropFirst().prefix(labelLength), as: UTF8.self)
    let payload = Array(input.dropFirst(1 + labelLength))
    let decoded = CharsetConverter.decode(payload, declaredCharset: label)
    precondition(UTF8Repair.isValid(decoded.utf8), "charset conversion gave invalid UTF-8")
    _ = HeaderTextView.render(split.fields)
    return 0
}

private func checkDecoded(_ text: String) {
    precondition(!text.utf8.contains(0x0A) && !text.utf8.contains(0x0D), "line break in \(text)")
}
