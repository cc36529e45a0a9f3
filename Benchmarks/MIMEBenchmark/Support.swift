import Glibc
import Mail

/// Command line options of the benchmark.
struct BenchmarkOptions {
    var sizeMB = 10
    var iterations = 7
    var largeMB = 100

    static func parse(_ arguments: [String]) -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var index = 0
        while index + 1 < arguments.count {
            let value = Int(arguments[index + 1]) ?? -1
            switch arguments[index] {
            case "--size" where value > 0: options.sizeMB = value
            case "--iterations" where value > 0: options.iterations = value
            case "--large" where value >= 0: options.largeMB = value
            default:
                fail(
                    "invalid option \(arguments[index]) \(arguments[index + 1]); "
                        + "use --size MB, --iterations N, --large MB", status: 64)
            }
            index += 2
        }
        return options
    }
}

/// Writes `message` to standard error and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    let line = Array("mime-benchmark: \(message)\n".utf8)
    _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    exit(status)
}

/// Monotonic time in seconds.
enum Clock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

enum Format {
    /// Formats `value` with `digits` digits after the decimal point.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        guard digits > 0 else { return String(scaled) }
        let whole = scaled / Int(scale)
        let fraction = String(abs(scaled) % Int(scale))
        return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { fixed($0, 2) }.joined(separator: " ")
    }

    /// Peak resident memory of this process in MiB.
    static func maxResidentMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// Deterministic test messages.
enum MessageFactory {
    static let boundary = "=_bench_boundary_0123456789"

    /// Builds a multipart/mixed message of about `size` bytes.
    static func message(size: Int) -> [UInt8] {
        var output = Array(header.utf8)
        var index = 0
        while output.count < size {
            output += Array(part(index).utf8)
            index += 1
        }
        output += Array("--\(boundary)--\r\n".utf8)
        return output
    }

    static let header = """
        From: Clinic <clinic@example.org>\r
        To: Records <records@example.net>\r
        Subject: =?utf-8?q?Benchmark_Zo=C3=AB?=\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="\(boundary)"\r
        \r

        """

    /// Returns part `index` of a cycle of four kinds.
    static func part(_ index: Int) -> String {
        switch index % 4 {
        case 0: quotedPrintableText(index)
        case 1:
            base64Part("text/csv", name: "labs\(index).csv", bytes: csv(rows: 2000, seed: index))
        case 2:
            base64Part(
                "application/pdf", name: "scan\(index).pdf", bytes: binary(400_000, seed: index))
        default: html(index)
        }
    }

    static func quotedPrintableText(_ index: Int) -> String {
        var lines = [
            "--\(boundary)", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable", "",
        ]
        for line in 0..<60 {
            lines.append(
                "Patient Zo=C3=AB Example #\(index)-\(line), DOB 1961=2D03=2D14, note text that =")
            lines.append("continues after a soft break with MRN 0048\(line % 10)913.")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func html(_ index: Int) -> String {
        var lines = ["--\(boundary)", "Content-Type: text/html; charset=utf-8", ""]
        lines.append("<html><body><table>")
        for row in 0..<300 {
            lines.append(
                "<tr><td>Alice&nbsp;Example \(row)</td><td>372-81-<b>4096</b></td>"
                    + "<td><!-- c -->\(index)</td></tr>")
        }
        lines.append("</table></body></html>")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func base64Part(_ type: String, name: String, bytes: [UInt8]) -> String {
        var text =
            "--\(boundary)\r\nContent-Type: \(type); name=\"\(name)\"\r\n"
            + "Content-Disposition: attachment; filename=\"\(name)\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
        text += Base64Encoder.encode(bytes)
        return text
    }

    static func csv(rows: Int, seed: Int) -> [UInt8] {
        var text = "name,dob,mrn,member_id\n"
        for row in 0..<rows {
            text += "Patient \(seed)-\(row),1961-03-14,00\(482913 + row),SCP\(4471880213 + row)\n"
        }
        return Array(text.utf8)
    }

    static func binary(_ count: Int, seed: Int) -> [UInt8] {
        var state = UInt64(seed &+ 1) &* 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        bytes.replaceSubrange(0..<8, with: Array("%PDF-1.4".utf8))
        return bytes
    }
}

/// Base64 with 76-character lines, for building test messages.
enum Base64Encoder {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 8)
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) {
                $0 | UInt32($1.element) << (16 - 8 * $1.offset)
            }
            for position in 0..<4 {
                let character =
                    position <= chunk.count
                    ? alphabet[Int(value >> (18 - 6 * position) & 0x3F)] : UInt8(ascii: "=")
                output.append(character)
            }
            lineLength += 4
            if lineLength == 76 {
                output += [0x0D, 0x0A]
                lineLength = 0
            }
            index += 3
        }
        output += [0x0D, 0x0A]
        return String(decoding: output, as: UTF8.self)
    }
}
