import CMilter
import Mail

#if canImport(Glibc)
    import Glibc
#endif

/// One libmilter connection context (`SMFICTX *`). Every per-connection `smfi_*` call of
/// MilterKit goes through here, and each failing call becomes
/// `MilterError.libmilterCallFailed` naming the function and its argument.
struct MilterContext {
    let pointer: OpaquePointer

    /// Returns the value of macro `name` (`i`, `{tls_version}`), or nil when the MTA has
    /// not sent it.
    ///
    /// Reads libmilter's stored macro lists with `tlsguard_getsymval` (CMilter's macros.h),
    /// which stays inside a list that ends in a name without a value. `smfi_getsymval`
    /// reads past the end of such a list and crashes, so it is called only when the layout
    /// of libmilter's context is not recognised (`unpairedMacroStages()` returns nil).
    func macro(_ name: String) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        let recognised = name.withCString { tlsguard_getsymval(pointer, $0, &value) } == 1
        if !recognised {
            var copy = Array(name.utf8CString)
            value = copy.withUnsafeMutableBufferPointer { smfi_getsymval(pointer, $0.baseAddress) }
        }
        return value.map { String(cString: $0) }
    }

    /// Returns the stages whose stored macro packet has an odd number of strings, so that
    /// its last name has no value, or nil when the layout of libmilter's context is not
    /// recognised and the lists cannot be read safely.
    func unpairedMacroStages() -> [MacroStage]? {
        let mask = tlsguard_macro_lists_with_missing_value(pointer)
        guard mask >= 0 else { return nil }
        return MacroStage.allCases.filter { mask & (1 << $0.rawValue) != 0 }
    }

    func requestMacros(_ names: [String], stage: MacroStage) throws(MilterError) {
        let list = names.joined(separator: " ")
        try call("smfi_setsymlist", "stage \(stage.rawValue): \(list)") {
            withMutableCString(list) { smfi_setsymlist(pointer, stage.rawValue, $0) }
        }
    }

    func setReply(_ reply: MilterReply) throws(MilterError) {
        let lines = reply.escapedLines
        try call("smfi_setmlreply", reply.description) {
            withMutableCString(String(reply.code)) { code in
                withMutableCString(reply.enhancedCode) { enhanced in
                    withMutableCStrings(lines) { pointers in
                        tlsguard_setmlreply(pointer, code, enhanced, pointers, Int32(lines.count))
                    }
                }
            }
        }
    }

    func progress() {
        _ = smfi_progress(pointer)
    }

    func addHeader(name: String, value: String) throws(MilterError) {
        try call("smfi_addheader", name) {
            withMutableCString(name) { n in
                withMutableCString(value) { smfi_addheader(pointer, n, $0) }
            }
        }
    }

    func insertHeader(index: Int, name: String, value: String) throws(MilterError) {
        try call("smfi_insheader", "\(index) \(name)") {
            withMutableCString(name) { n in
                withMutableCString(value) { smfi_insheader(pointer, Int32(clamping: index), n, $0) }
            }
        }
    }

    /// Changes the `occurrence`-th field named `name`, or deletes it when `value` is nil.
    func changeHeader(name: String, occurrence: Int, value: String?) throws(MilterError) {
        let function = value == nil ? "smfi_chgheader (delete)" : "smfi_chgheader"
        try call(function, "\(name) #\(occurrence)") {
            withMutableCString(name) { n in
                guard let value else {
                    return smfi_chgheader(pointer, n, Int32(clamping: occurrence), nil)
                }
                return withMutableCString(value) {
                    smfi_chgheader(pointer, n, Int32(clamping: occurrence), $0)
                }
            }
        }
    }

    func addRecipient(_ address: String, arguments: String?) throws(MilterError) {
        guard let arguments else {
            try call("smfi_addrcpt", address) {
                withMutableCString(address) { smfi_addrcpt(pointer, $0) }
            }
            return
        }
        try call("smfi_addrcpt_par", "\(address) \(arguments)") {
            withMutableCString(address) { a in
                withMutableCString(arguments) { smfi_addrcpt_par(pointer, a, $0) }
            }
        }
    }

    func deleteRecipient(_ address: String) throws(MilterError) {
        try call("smfi_delrcpt", address) {
            withMutableCString(address) { smfi_delrcpt(pointer, $0) }
        }
    }

    func changeSender(_ address: String, arguments: String?) throws(MilterError) {
        try call("smfi_chgfrom", address) {
            withMutableCString(address) { a in
                guard let arguments else { return smfi_chgfrom(pointer, a, nil) }
                return withMutableCString(arguments) { smfi_chgfrom(pointer, a, $0) }
            }
        }
    }

    func quarantine(reason: String) throws(MilterError) {
        try call("smfi_quarantine", reason) {
            withMutableCString(reason) { smfi_quarantine(pointer, $0) }
        }
    }

    /// Sends a new body in chunks of 64 KiB, from memory or from a file.
    func replaceBody(_ body: MessageBody) throws(MilterError) {
        switch body {
        case .memory(let bytes):
            try replaceBody(chunksOf: bytes)
        case .file(let path, _):
            try replaceBody(fromFile: path)
        }
    }

    private func replaceBody(chunksOf bytes: [UInt8]) throws(MilterError) {
        var offset = 0
        repeat {
            let end = min(offset + 65_536, bytes.count)
            try sendBodyChunk(Array(bytes[offset..<end]))
            offset = end
        } while offset < bytes.count
    }

    private func replaceBody(fromFile path: String) throws(MilterError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .spoolFailed(path: path, operation: "open", errno: errno)
        }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var sentAny = false
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw .spoolFailed(path: path, operation: "read", errno: errno)
            }
            if count == 0 { break }
            try sendBodyChunk(Array(chunk[0..<count]))
            sentAny = true
        }
        if !sentAny { try sendBodyChunk([]) }
    }

    private func sendBodyChunk(_ chunk: [UInt8]) throws(MilterError) {
        var bytes = chunk
        try call("smfi_replacebody", "\(chunk.count) bytes") {
            bytes.withUnsafeMutableBufferPointer {
                smfi_replacebody(pointer, $0.baseAddress, Int32($0.count))
            }
        }
    }

    private func call(_ function: String, _ argument: String, _ body: () -> Int32)
        throws(MilterError)
    {
        guard body() == MI_SUCCESS else {
            throw .libmilterCallFailed(function: function, detail: "argument '\(argument)'")
        }
    }
}

/// Calls `body` with a mutable NUL-terminated copy of `text`; libmilter takes `char *`
/// but copies what it needs. The pointer is nil only if the copy could not be made.
func withMutableCString<Result>(_ text: String, _ body: (UnsafeMutablePointer<CChar>?) -> Result)
    -> Result
{
    var bytes = Array(text.utf8CString)
    return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}

/// Calls `body` with an array of mutable C strings, valid during the call.
func withMutableCStrings<Result>(
    _ texts: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Result
) -> Result {
    let copies = texts.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return copies.withUnsafeBufferPointer { body($0.baseAddress) }
}
