/// Measures how fast a dense transition table can be walked over the corpus bytes, with one
/// stream and with four interleaved streams, independent of the detectors. The table has
/// the automaton's shape (38 byte classes, 20,000 rows) and random targets among 300 rows,
/// about the number of states a scan visits often.
enum TableWalk {
    static func run(_ bytes: [UInt8]) {
        var random = SplitMix64(seed: 1)
        let width = 38
        let classes = (0..<256).map { UInt8($0 % width) }
        let table = (0..<(20_000 * width)).map { _ in Int32(random.next(300) * width) }

        let single = measure(bytes) { text in walkOne(text, classes, table) }
        let four = measure(bytes) { text in walkFour(text, classes, table) }
        let megabytes = Double(bytes.count) / bytesPerMB
        print(
            "table-walk MB=\(Int(megabytes)) one_stream_MB/s=\(Int(megabytes / single)) "
                + "four_streams_MB/s=\(Int(megabytes / four))")
    }

    private static func measure(_ bytes: [UInt8], _ body: ([UInt8]) -> Int) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = threadCPUSeconds()
            let row = body(bytes)
            best = min(best, threadCPUSeconds() - start)
            if row < 0 { print(row) }
        }
        return best
    }

    private static func walkOne(_ text: [UInt8], _ classes: [UInt8], _ table: [Int32]) -> Int {
        var row = 0
        for byte in text {
            row = Int(table[row &+ Int(classes[Int(byte)])])
        }
        return row
    }

    private static func walkFour(_ text: [UInt8], _ classes: [UInt8], _ table: [Int32]) -> Int {
        let quarter = text.count / 4
        var (row0, row1, row2, row3) = (0, 0, 0, 0)
        for step in 0..<quarter {
            row0 = Int(table[row0 &+ Int(classes[Int(text[step])])])
            row1 = Int(table[row1 &+ Int(classes[Int(text[quarter &+ step])])])
            row2 = Int(table[row2 &+ Int(classes[Int(text[2 &* quarter &+ step])])])
            row3 = Int(table[row3 &+ Int(classes[Int(text[3 &* quarter &+ step])])])
        }
        return row0 &+ row1 &+ row2 &+ row3
    }
}
