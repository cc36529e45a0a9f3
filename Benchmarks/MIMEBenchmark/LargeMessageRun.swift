import Glibc
import Mail

/// Parsing of a large message from a file, to show that memory stays far below its size.
enum LargeMessageRun {
    static func run(sizeMB: Int) {
        let path = "/tmp/mime-benchmark-\(getpid()).eml"
        defer { unlink(path) }
        guard write(sizeMB: sizeMB, to: path) else {
            fail("cannot write \(path); check the free space in /tmp", status: 74)
        }
        let before = Format.maxResidentMB()
        let start = Clock.now()
        let result: ParsedMessage
        do {
            result = try MessageParser.parse(contentsOfFile: path)
        } catch {
            fail("\(error)", status: 74)
        }
        let seconds = Clock.now() - start
        let textMB = Double(result.textViews.reduce(0) { $0 + $1.text.count }) / 1_048_576
        print(
            "file: \(sizeMB) MiB in \(Format.fixed(seconds, 2)) s "
                + "(\(Format.fixed(Double(sizeMB) / seconds, 0)) MiB/s), \(result.parts.count) "
                + "parts, \(Format.fixed(textMB, 1)) MiB of text views")
        print(
            "peak resident memory: \(Format.fixed(Format.maxResidentMB(), 0)) MiB "
                + "(\(Format.fixed(before, 0)) MiB before the file parse)")
    }

    /// Writes the message in pieces so the benchmark itself never keeps it whole in memory.
    private static func write(sizeMB: Int, to path: String) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        defer { fclose(file) }
        var written = 0
        let header = Array(MessageFactory.header.utf8)
        written += fwrite(header, 1, header.count, file)
        var index = 0
        while written < sizeMB << 20 {
            let part = Array(MessageFactory.part(index).utf8)
            written += fwrite(part, 1, part.count, file)
            index += 1
        }
        let closing = Array("--\(MessageFactory.boundary)--\r\n".utf8)
        written += fwrite(closing, 1, closing.count, file)
        return true
    }
}
