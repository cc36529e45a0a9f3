import CMilter
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Checks CMilter's mirror of libmilter's connection context against the installed
/// libmilter: both read the same fields of a context built here, and lists with an odd
/// number of strings are read without passing their end.
@Suite struct MacroListTests {
    /// A connection context laid out as macros.h mirrors it, with macro lists built as
    /// libmilter's st_macros builds them: the packet buffer starts with the stage byte, and
    /// the list points at each string in it and ends with NULL.
    final class FakeContext {
        let pointer = UnsafeMutablePointer<tlsguard_smfi_context>.allocate(capacity: 1)
        private var allocations: [UnsafeMutableRawPointer] = []

        init(privateData: UnsafeMutableRawPointer?) {
            memset(pointer, 0, MemoryLayout<tlsguard_smfi_context>.size)
            pointer.pointee.private_data = privateData
        }

        var context: OpaquePointer { OpaquePointer(pointer) }

        func setList(_ stage: Int, _ strings: [String]) {
            var bytes: [UInt8] = [UInt8(ascii: "D")]
            for string in strings { bytes += string.utf8 + [0] }
            let buffer = allocate(bytes.count).assumingMemoryBound(to: CChar.self)
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            let list = allocate((strings.count + 1) * 8)
                .assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
            var offset = 1
            for (index, string) in strings.enumerated() {
                list[index] = buffer + offset
                offset += string.utf8.count + 1
            }
            list[strings.count] = nil
            setSlot(\.macro_pointers, stage, UnsafeMutableRawPointer(list))
            setSlot(\.macro_buffers, stage, UnsafeMutableRawPointer(buffer))
        }

        /// Writes `value` into entry `stage` of the C array at `field`.
        func setSlot<Array>(
            _ field: WritableKeyPath<tlsguard_smfi_context, Array>, _ stage: Int,
            _ value: UnsafeMutableRawPointer?
        ) {
            withUnsafeMutableBytes(of: &pointer.pointee[keyPath: field]) { bytes in
                bytes.storeBytes(
                    of: value, toByteOffset: stage * 8, as: UnsafeMutableRawPointer?.self)
            }
        }

        func lookup(_ name: String) -> (recognised: Bool, value: String?) {
            var value: UnsafeMutablePointer<CChar>?
            let recognised = tlsguard_getsymval(context, name, &value) == 1
            return (recognised, value.map { String(cString: $0) })
        }

        func libmilterLookup(_ name: String) -> String? {
            var copy = Swift.Array(name.utf8CString)
            return copy.withUnsafeMutableBufferPointer { smfi_getsymval(context, $0.baseAddress) }
                .map { String(cString: $0) }
        }

        private func allocate(_ count: Int) -> UnsafeMutableRawPointer {
            let memory = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 8)
            allocations.append(memory)
            return memory
        }

        deinit {
            allocations.forEach { $0.deallocate() }
            pointer.deallocate()
        }
    }

    let marker = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    @Test func privateDataIsWhereLibmilterReadsIt() {
        let fake = FakeContext(privateData: marker)
        #expect(smfi_getpriv(fake.context) == marker)
        #expect(tlsguard_macro_layout_matches(fake.context) == 1)
    }

    @Test(arguments: [
        "j", "{j}", "{daemon_name}", "daemon_name", "i", "{i}", "{tls_version}", "{cipher}",
        "{missing}", "x",
    ])
    func lookupMatchesLibmilter(name: String) {
        let fake = FakeContext(privateData: marker)
        fake.setList(0, ["j", "mx1.example.net", "{daemon_name}", "smtpd", "x", "old"])
        fake.setList(1, ["{tls_version}", "TLSv1.2", "{cipher}", "AES"])
        fake.setList(3, ["i", "4ABC"])
        fake.setList(6, ["{tls_version}", "TLSv1.3", "{x}", "new"])

        let result = fake.lookup(name)
        #expect(result.recognised)
        #expect(result.value == fake.libmilterLookup(name), "\(name)")
    }

    @Test func unpairedNameIsSkipped() {
        let fake = FakeContext(privateData: marker)
        fake.setList(0, ["j", "mx1.example.net", "{client_addr}", "192.0.2.1"])
        fake.setList(1, ["{tls_version}", "TLSv1.3", "{client_addr}"])
        fake.setList(2, ["i"])

        #expect(fake.lookup("{client_addr}").value == "192.0.2.1")
        #expect(fake.lookup("i").value == nil)
        #expect(fake.lookup("{tls_version}").value == "TLSv1.3")
        #expect(fake.lookup("{daemon_name}").value == nil)
        #expect(tlsguard_macro_lists_with_missing_value(fake.context) == 0b110)
    }

    @Test func foreignLayoutIsRecognisedAsUnknown() {
        let other = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        defer { other.deallocate() }
        let unset = FakeContext(privateData: nil)
        #expect(!unset.lookup("j").recognised)

        let shifted = FakeContext(privateData: marker)
        shifted.setList(0, ["j", "mx1.example.net"])
        shifted.setSlot(\.macro_buffers, 0, other)
        #expect(!shifted.lookup("j").recognised)
        #expect(tlsguard_macro_lists_with_missing_value(shifted.context) == -1)
    }
}
