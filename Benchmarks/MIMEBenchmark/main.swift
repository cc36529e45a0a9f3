// mime-benchmark: parse plus decode speed of the Mail library, and its memory on a large
// message read from a file.
//
// Usage: mime-benchmark [--size MB] [--iterations N] [--large MB]
//
//   --size MB        size of the in-memory multipart message (default 10)
//   --iterations N   timed parses of that message; the median is reported (default 7)
//   --large MB       size of the message written to a temporary file and parsed from it
//                    with the streaming file path, 0 to skip (default 100)
//
// The message mixes what clinical mail carries: quoted-printable text, base64 CSV and
// text attachments (decoded and kept for scanning), base64 PDF-like binary attachments
// (decoded, counted, dropped) and HTML. Results go to standard output.
import Glibc
import Mail

let options = BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
let message = MessageFactory.message(size: options.sizeMB << 20)
let parsed = MessageParser.parse(message: message)
var seconds: [Double] = []
for _ in 0..<options.iterations {
    let start = Clock.now()
    let result = MessageParser.parse(message: message)
    seconds.append(Clock.now() - start)
    precondition(result.parts.count == parsed.parts.count, "parse results differ between runs")
}
seconds.sort()
let median = seconds[seconds.count / 2]
let megabytes = Double(message.count) / 1_048_576
let textBytes = parsed.textViews.reduce(0) { $0 + $1.text.count }
print(
    "in memory: \(Format.fixed(megabytes, 1)) MiB, \(parsed.parts.count) parts, "
        + "\(Format.fixed(Double(textBytes) / 1_048_576, 1)) MiB of text views")
print(
    "parse+decode: \(Format.fixed(megabytes / median, 0)) MiB/s median of \(seconds.count) "
        + "(best \(Format.fixed(megabytes / seconds[0], 0)) MiB/s)")
if options.largeMB > 0 {
    LargeMessageRun.run(sizeMB: options.largeMB)
}
print("load average: \(Format.loadAverage())")
