/// Base64 (RFC 2045) for S/MIME bodies: lines of 76 characters ending in CRLF.
enum Base64 {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encodeLines(_ bytes: [UInt8], lineLength: Int = 76) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 8)
        var column = 0
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            let first = bytes[index]
            let second = count > 1 ? bytes[index + 1] : 0
            let third = count > 2 ? bytes[index + 2] : 0
            let quad = [
                alphabet[Int(first >> 2)],
                alphabet[Int((first & 0x03) << 4 | second >> 4)],
                count > 1 ? alphabet[Int((second & 0x0F) << 2 | third >> 6)] : 0x3D,
                count > 2 ? alphabet[Int(third & 0x3F)] : 0x3D,
            ]
            output += quad
            column += 4
            if column >= lineLength {
                output += [0x0D, 0x0A]
                column = 0
            }
            index += 3
        }
        if column > 0 { output += [0x0D, 0x0A] }
        return output
    }
}
