// phi-benchmark: measures the PHI detection pass on generated decoded mail text.
//
// Speeds are in MB/s with MB = 10^6 bytes, and `run` also prints MiB/s (2^20 bytes).
// Corpus sizes given to `generate` and `kinds` are in MiB.
//
//   phi-benchmark generate SIZE_MB FILE   writes the corpus: NUL-separated records, each the
//                                         message kind, byte 0x01 and the message text
//   phi-benchmark terms FILE              writes the dictionary terms, one per line
//   phi-benchmark run FILE [REPEAT]       scans the corpus REPEAT times and prints the best and
//                                         the median MB/s
//   phi-benchmark kinds SIZE_MB [KIND]    prints MB/s for each kind of message separately
//   phi-benchmark table-walk FILE         prints the speed of a bare table walk, one and four
//                                         streams at a time
//   phi-benchmark prose                   prints the cost of messages of plain prose without
//                                         terms or numbers, from 36 bytes to 111 KB
//   phi-benchmark stages FILE [STAGE]     prints MB/s of each stage run alone: the term scan,
//                                         the number scan, and the analysis without scoring
//   phi-benchmark findings FILE OUT       writes every assessment of the corpus to OUT, one
//                                         line per message, to compare two builds
//
// Build it in release mode: swift build -c release --product phi-benchmark
import Foundation
import Mail
import PHIDetection

let arguments = CommandLine.arguments

/// Bytes in one MB of the speeds printed: 10^6, the unit of the target and of the peers.
let bytesPerMB = 1_000_000.0

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

func writeCorpus(sizeMB: Int, to path: String) {
    var generator = CorpusGenerator(seed: 20_251_204)
    let messages = generator.messages(totalBytes: sizeMB << 20)
    var data = Data()
    for message in messages {
        data.append(contentsOf: message.kind.rawValue.utf8)
        data.append(1)
        data.append(contentsOf: message.text)
        data.append(0)
    }
    _ = FileManager.default.createFile(atPath: path, contents: data)
    let kinds = generator.kindCounts.sorted { $0.key.rawValue < $1.key.rawValue }
        .map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
    print("wrote \(messages.count) messages, \(data.count) bytes to \(path) (\(kinds))")
}

/// A generated message: its text and the kind of text view a mail parser would give it.
struct CorpusMessage {
    var text: [UInt8]
    var view: TextKind
}

func readCorpus(_ path: String) -> [CorpusMessage] {
    guard let data = FileManager.default.contents(atPath: path) else {
        fail("cannot read corpus file \(path); create it with: phi-benchmark generate 100 \(path)")
    }
    return Array(data).split(separator: 0, omittingEmptySubsequences: true).map { record in
        guard let mark = record.firstIndex(of: 1) else {
            return CorpusMessage(text: Array(record), view: .plain)
        }
        let kind = String(decoding: record[..<mark], as: UTF8.self)
        let view: TextKind = kind == CorpusGenerator.Kind.csv.rawValue ? .csv : .plain
        return CorpusMessage(text: Array(record[(mark + 1)...]), view: view)
    }
}

/// CPU time of this thread in seconds. The machine is shared, so the figures use CPU time,
/// which leaves out the time other processes held the core.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Reads every field of an assessment once, as the plugin does when it builds findings, a
/// header and a log line. Returns a number computed from the fields, so that the compiler
/// keeps the reads.
func readAllFields(_ assessment: PHIAssessment) -> Int {
    var read = Int(assessment.score) &+ assessment.scannedBytes
    for kind in assessment.kinds { read &+= kind.rawValue.utf8.count }
    for reason in assessment.reasons { read &+= reason.utf8.count }
    for entry in assessment.lowConfidence { read &+= entry.value }
    for group in assessment.groups {
        read &+= group.count &+ group.rule.utf8.count &+ group.redacted.count
            &+ group.reasons.count
        for location in group.locations { read &+= location.offset &+ location.length }
    }
    return read
}

/// Scans `messages` `repeats` times and returns the best and the median CPU seconds, the
/// best wall-clock seconds and the number of messages assessed as sensitive.
func measure(_ detector: PHIDetector, _ messages: [CorpusMessage], repeats: Int)
    -> (cpu: Double, medianCPU: Double, wall: Double, sensitive: Int)
{
    var times: [Double] = []
    var bestWall = Double.infinity
    var sensitive = 0
    for _ in 0..<max(repeats, 1) {
        sensitive = 0
        let wall = DispatchTime.now().uptimeNanoseconds
        let start = threadCPUSeconds()
        var read = 0
        for message in messages {
            let assessment = detector.assess(text: message.text, kind: message.view)
            if assessment.isSensitive { sensitive += 1 }
            read &+= readAllFields(assessment)
        }
        times.append(threadCPUSeconds() - start)
        if read == Int.min { print(read) }
        bestWall = min(bestWall, Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9)
    }
    times.sort()
    return (times[0], times[times.count / 2], bestWall, sensitive)
}

/// Assesses messages of one repeated sentence without terms or numbers, to show the fixed
/// cost per message and the speed of the scan when nothing is found.
func runProse() throws {
    let detector = try PHIDetector()
    let sentence = "Hello there, lunch is at noon today. "
    for repeats in [1, 30, 3000] {
        let bytes = Array(String(repeating: sentence, count: repeats).utf8)
        let loops = 20_000_000 / bytes.count + 10
        let start = threadCPUSeconds()
        var sensitive = 0
        for _ in 0..<loops where detector.assess(text: bytes).isSensitive { sensitive += 1 }
        let seconds = threadCPUSeconds() - start
        let megabytes = Double(bytes.count * loops) / bytesPerMB
        print(
            "prose bytes=\(bytes.count) microseconds_per_message="
                + "\(String(format: "%.2f", seconds / Double(loops) * 1e6)) "
                + "MB/s=\(String(format: "%.1f", megabytes / seconds)) sensitive=\(sensitive)")
    }
}

func runKinds(sizeMB: Int, only: String? = nil) throws {
    let detector = try PHIDetector()
    for kind in CorpusGenerator.Kind.allCases where only == nil || only == kind.rawValue {
        var generator = CorpusGenerator(seed: 7)
        var messages: [CorpusMessage] = []
        var bytes = 0
        while bytes < sizeMB << 20 {
            let text = Array(generator.message(of: kind).utf8)
            bytes += text.count
            messages.append(CorpusMessage(text: text, view: kind == .csv ? .csv : .plain))
        }
        let result = measure(detector, messages, repeats: 3)
        let megabytes = Double(bytes) / bytesPerMB
        print(
            "kind=\(kind.rawValue) messages=\(messages.count) "
                + "average_bytes=\(bytes / messages.count) "
                + "MB/s=\(String(format: "%.1f", megabytes / result.cpu)) "
                + "sensitive=\(result.sensitive)")
    }
}

/// Runs each stage of the pass alone over the corpus, best of three, and prints its MB/s
/// next to the whole pass.
func runStages(_ messages: [CorpusMessage], stages: [PHIDetector.Stage]) throws {
    let detector = try PHIDetector()
    let megabytes = Double(messages.reduce(0) { $0 + $1.text.count }) / bytesPerMB
    for stage in stages {
        var best = Double.infinity
        var items = 0
        for _ in 0..<3 {
            items = 0
            let start = threadCPUSeconds()
            for message in messages {
                items += detector.run(stage, on: message.text, kind: message.view)
            }
            best = min(best, threadCPUSeconds() - start)
        }
        print(
            "stage=\(stage.rawValue) MB/s=\(String(format: "%.1f", megabytes / best)) "
                + "items=\(items)")
    }
    guard stages.count > 1 else { return }
    let whole = measure(detector, messages, repeats: 3)
    print("stage=whole MB/s=\(String(format: "%.1f", megabytes / whole.cpu))")
}

func run(_ path: String, repeats: Int) throws {
    let detector = try PHIDetector()
    let messages = readCorpus(path)
    let bytes = messages.reduce(0) { $0 + $1.text.count }
    let result = measure(detector, messages, repeats: repeats)
    let megabytes = Double(bytes) / bytesPerMB
    let mebibytes = Double(bytes) / 1_048_576
    print(
        "tlsguard-phi  messages=\(messages.count) MB=\(String(format: "%.1f", megabytes)) "
            + "cpu_seconds=\(String(format: "%.3f", result.cpu)) "
            + "MB/s=\(String(format: "%.1f", megabytes / result.cpu)) "
            + "MiB/s=\(String(format: "%.1f", mebibytes / result.cpu)) "
            + "median_MB/s=\(String(format: "%.1f", megabytes / result.medianCPU)) "
            + "wall_MB/s=\(String(format: "%.1f", megabytes / result.wall)) "
            + "sensitive=\(result.sensitive) terms=\(detector.termCount)")
}

switch arguments.dropFirst().first {
case "generate":
    guard arguments.count == 4, let size = Int(arguments[2]) else {
        fail("usage: phi-benchmark generate SIZE_MB FILE")
    }
    writeCorpus(sizeMB: size, to: arguments[3])
case "terms":
    guard arguments.count == 3 else { fail("usage: phi-benchmark terms FILE") }
    let detector = try PHIDetector()
    _ = FileManager.default.createFile(
        atPath: arguments[2], contents: Data(detector.terms.joined(separator: "\n").utf8))
case "kinds":
    guard arguments.count >= 3, let size = Int(arguments[2]) else {
        fail("usage: phi-benchmark kinds SIZE_MB [KIND]")
    }
    try runKinds(sizeMB: size, only: arguments.count > 3 ? arguments[3] : nil)
case "table-walk":
    guard arguments.count == 3 else { fail("usage: phi-benchmark table-walk FILE") }
    TableWalk.run(readCorpus(arguments[2]).flatMap(\.text))
case "prose":
    try runProse()
case "stages":
    guard arguments.count >= 3 else { fail("usage: phi-benchmark stages FILE [STAGE]") }
    var stages = PHIDetector.Stage.allCases
    if arguments.count > 3 {
        guard let stage = PHIDetector.Stage(rawValue: arguments[3]) else {
            fail("unknown stage \(arguments[3]); use terms, numbers or analysis")
        }
        stages = [stage]
    }
    try runStages(readCorpus(arguments[2]), stages: stages)
case "findings":
    guard arguments.count == 4 else { fail("usage: phi-benchmark findings FILE OUT") }
    FindingsDump.write(try PHIDetector(), readCorpus(arguments[2]), to: arguments[3])
case "run":
    guard arguments.count >= 3 else { fail("usage: phi-benchmark run FILE [REPEAT]") }
    try run(arguments[2], repeats: arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3)
default:
    fail(
        "usage: phi-benchmark generate SIZE_MB FILE | terms FILE | run FILE [REPEAT] "
            + "| kinds SIZE_MB [KIND] | table-walk FILE | prose "
            + "| stages FILE | findings FILE OUT")
}
