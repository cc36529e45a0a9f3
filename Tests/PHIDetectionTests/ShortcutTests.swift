import Mail
import Testing

@testable import PHIDetection

/// Compares the shortcuts of the detection pass with the plain computations they replace.
/// The shortcuts are kind lists built from bits, the tally index by key, the incremental
/// column count of tables, the number search that skips digit-free blocks and the union of
/// the roles of all term hits.
@Suite struct ShortcutTests {
    @Test(arguments: [0, 1, 0b1010_0110, 1 << 20, (1 << 23) - 1, 0x55_5555, 0x2A_AAAA] as [UInt64])
    func kindListFollowsKindOrder(bits: UInt64) {
        let kinds = PHIKind.allCases.filter { bits & (1 << UInt64($0.ordinal)) != 0 }
        let set = KindSet(kinds)
        #expect(Array(PHIKindList(set)) == kinds)
        #expect(PHIKindList(set).count == kinds.count)
        #expect(Array(PHIKindList(set.removing(.patientContext))) == kinds.filter(\.isReported))
        var visited: [PHIKind] = []
        set.forEach { visited.append($0) }
        #expect(visited == kinds)
    }

    @Test func ordinalTablesMatchTheCases() {
        #expect(Detection.Variant.count == Detection.Variant.allCases.count)
        #expect(PHIKind.byOrdinal == PHIKind.allCases)
        for kind in PHIKind.allCases {
            #expect(PHIKind.byOrdinal[kind.ordinal] == kind)
        }
    }

    @Test func tallyIndexIsClearedForReuse() {
        var storage = CollectorStorage()
        #expect(storage.tally(ofKey: 5) == nil)
        for key in [7, 2, CollectorStorage.keyCount - 1] {
            storage.addTallyKey(key)
            storage.tallies.append(GroupTally(kind: .ssn, variant: .standard))
        }
        #expect(storage.tally(ofKey: 7) == 0)
        #expect(storage.tally(ofKey: 2) == 1)
        #expect(storage.tally(ofKey: CollectorStorage.keyCount - 1) == 2)
        #expect(storage.tally(ofKey: 3) == nil)

        storage.removeAll()
        for key in 0..<CollectorStorage.keyCount {
            #expect(storage.tally(ofKey: key) == nil, "key \(key) after removeAll")
        }
        storage.addTallyKey(2)
        #expect(storage.tally(ofKey: 2) == 0)
    }

    /// A CSV export with quoted cells, a quoted line break, CRLF line ends and a row longer
    /// than the header.
    static let table = Array(
        ("patient_name,mrn,dob,notes\r\n"
            + "\"Doe, Jane\",448812,1961-03-14,\"seen, stable\"\r\n"
            + "Roe Richard,551903,02/11/1958,\"two\nlines\",extra,cells\n"
            + "\n"
            + "\"Poe\",  77120 ,1970-01-01,x\n").utf8)

    @Test func columnCountGoesOnAcrossLines() throws {
        let scan = ShortcutTests.table.withUnsafeBufferPointer {
            TextScanner(dictionary: ScanPathTests.dictionary).scan($0)
        }
        ShortcutTests.table.withUnsafeBufferPointer { text in
            let context = ContextIndex(
                hits: scan.hits, roles: ScanPathTests.dictionary.roles, text: text)
            guard let reused = TableLayout.read(text: text, context: context, isCSV: true) else {
                Issue.record("the header names no known label")
                return
            }
            for position in 0..<text.count {
                // A new layout counts from the line start, but the reused one goes on from
                // the previous position requested.
                let fresh = TableLayout.read(text: text, context: context, isCSV: true)
                let want = fresh?.roles(at: position)
                #expect(reused.roles(at: position) == want, "position \(position)")
            }
        }
    }

    /// Numbers after digit-free stretches of every length up to three blocks of sixteen
    /// bytes, so that the number search skips blocks and resumes at every offset.
    @Test(arguments: [1, 7, 15, 16, 17, 31, 32, 33, 47])
    func numberSearchSkipsDigitFreeBlocks(gap: Int) {
        var text: [UInt8] = []
        for offset in 0..<20 {
            text += [UInt8](repeating: 0x61, count: gap + offset)
            text += Array(" 643-28-1590 x7 ".utf8)
        }
        text += [UInt8](repeating: 0x62, count: gap)
        text += Array("9".utf8)
        let (fast, plain) = text.withUnsafeBufferPointer { buffer in
            var fast = ViewScan()
            var plain = ViewScan()
            NumberScan.scan(buffer, into: &fast)
            NumberScan.scanPlain(buffer, into: &plain)
            return (fast, plain)
        }
        #expect(fast.candidates.map(\.start) == plain.candidates.map(\.start))
        #expect(fast.candidates.map(\.end) == plain.candidates.map(\.end))
        #expect(fast.groups.map(\.start) == plain.groups.map(\.start))
        #expect(fast.candidates.count >= 20)
    }

    @Test(arguments: [
        "Newsletter: metformin and lisinopril news for all readers.",
        "Patient: Jane Doe, DOB March 14th, 1961, age 92, lives at 220 Harbor St.",
        "Lunch at noon, nothing else to say here at all.",
    ])
    func presentRolesListEveryHitRole(text: String) {
        let bytes = Array(text.utf8)
        let scan = bytes.withUnsafeBufferPointer {
            TextScanner(dictionary: ScanPathTests.dictionary).scan($0)
        }
        var want: TermRole = []
        for hit in scan.hits { want.formUnion(ScanPathTests.dictionary.roles[Int(hit.term)]) }
        bytes.withUnsafeBufferPointer { buffer in
            let context = ContextIndex(
                hits: scan.hits, roles: ScanPathTests.dictionary.roles, text: buffer)
            #expect(context.unionOfRoles() == want)
        }
    }
}
