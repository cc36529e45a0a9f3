/// Generates realistic decoded mail text for the benchmark: business mail, newsletters,
/// clinical messages with identifiers, interface logs and CSV exports, in fixed proportions
/// and from a seeded generator, so every run and every peer reads the same bytes.
struct CorpusGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// Returns messages with their kinds until their total size reaches `bytes`.
    mutating func messages(totalBytes bytes: Int) -> [(kind: Kind, text: [UInt8])] {
        var result: [(kind: Kind, text: [UInt8])] = []
        var total = 0
        while total < bytes {
            let kind = nextKind()
            let text = Array(message(of: kind).utf8)
            total += text.count + 1
            result.append((kind, text))
        }
        return result
    }

    /// The kinds of message, in the proportions of a hospital's outbound mail as this
    /// benchmark assumes them: mostly business mail with quoted replies and newsletters,
    /// a fifth clinical, and some machine-made logs and exports.
    enum Kind: String, CaseIterable {
        case business, newsletter, clinical, log, csv
    }

    private(set) var kindCounts: [Kind: Int] = [:]

    private mutating func nextKind() -> Kind {
        let kind: Kind
        switch random.next(100) {
        case 0..<45: kind = .business
        case 45..<65: kind = .newsletter
        case 65..<85: kind = .clinical
        case 85..<93: kind = .log
        default: kind = .csv
        }
        kindCounts[kind, default: 0] += 1
        return kind
    }

    /// Returns one message of `kind`.
    mutating func message(of kind: Kind) -> String {
        switch kind {
        case .business: businessMail() + "\n\n" + quotedReply()
        case .newsletter: newsletter()
        case .clinical: clinicalMessage() + "\n\n" + quotedReply()
        case .log: interfaceLog()
        case .csv: csvExport()
        }
    }

    /// Returns an earlier message of the thread, quoted below a reply as mail clients do,
    /// and a signature with a confidentiality notice.
    private mutating func quotedReply() -> String {
        var lines = ["On Tue, Oct 14, 2025 at 9:12 AM \(pick(Words.firstNames)) wrote:"]
        for _ in 0..<(4 + random.next(10)) {
            lines.append("> " + sentence(words: 8 + random.next(14)))
        }
        lines.append("")
        lines.append("\(pick(Words.firstNames)) \(pick(Words.lastNames))")
        lines.append("Riverbend Health | Office of \(pick(Words.topics))")
        lines.append(
            "CONFIDENTIALITY NOTICE: This e-mail and any attachments are for the sole use of "
                + "the intended recipient and may contain confidential information. If you are "
                + "not the intended recipient, please contact the sender and delete all copies.")
        return lines.joined(separator: "\n")
    }

    // MARK: - Message kinds

    private mutating func businessMail() -> String {
        var lines = ["Hi \(pick(Words.firstNames)),", ""]
        for _ in 0..<(3 + random.next(6)) { lines.append(sentence(words: 10 + random.next(14))) }
        lines.append("Order number: \(digits(10))   Invoice date: \(date())")
        lines.append(
            "Ship to: \(random.next(900) + 10) \(pick(Words.streets)) St, Boston MA 02\(digits(3))")
        lines.append("Tracking #: \(digits(9))   Total $\(random.next(900)).\(digits(2))")
        for _ in 0..<(2 + random.next(5)) { lines.append(sentence(words: 8 + random.next(16))) }
        lines.append("Call (\(random.next(700) + 200)) 555-01\(digits(2)) with any questions.")
        lines.append("")
        lines.append("Thanks,\n\(pick(Words.firstNames)) \(pick(Words.lastNames))")
        return lines.joined(separator: "\n")
    }

    private mutating func newsletter() -> String {
        var lines = ["\(pick(Words.topics).uppercased()) NEWSLETTER", ""]
        for _ in 0..<(4 + random.next(6)) {
            var words: [String] = []
            for _ in 0..<(12 + random.next(20)) {
                words.append(random.next(8) == 0 ? pick(Words.healthTerms) : pick(Words.common))
            }
            lines.append(words.joined(separator: " ").capitalizedFirst + ".")
        }
        lines.append("Read more at https://news.example.org/a?id=\(digits(9))&utm=\(digits(6))")
        return lines.joined(separator: "\n")
    }

    private mutating func clinicalMessage() -> String {
        let name = "\(pick(Words.firstNames)) \(pick(Words.lastNames))"
        var lines = ["Dr. \(pick(Words.lastNames)),", "", sentence(words: 14)]
        lines.append("Patient: \(name)")
        lines.append("DOB: \(date())   MRN: \(digits(8))")
        if random.next(3) == 0 { lines.append("SSN: \(ssn())") }
        if random.next(3) == 0 { lines.append("Member ID: XGM\(digits(9))") }
        lines.append("Dx: \(pick(Words.healthTerms)) (\(pick(Words.icdCodes)))")
        lines.append("Meds: \(pick(Words.drugs)) \(random.next(90) + 5) mg daily")
        for _ in 0..<(3 + random.next(5)) { lines.append(sentence(words: 10 + random.next(12))) }
        lines.append("Admission \(date()); discharge planned for \(date()).")
        lines.append("Please call the clinic at 617-555-01\(digits(2)).")
        return lines.joined(separator: "\n")
    }

    private mutating func interfaceLog() -> String {
        var lines: [String] = []
        for _ in 0..<(10 + random.next(20)) {
            lines.append(
                "2025-11-\(10 + random.next(18))T0\(random.next(9)):\(digits(2)):\(digits(2))Z "
                    + "channel=\(pick(["ADT_IN", "ORU_OUT", "SIU_IN"])) msgs=\(digits(5)) "
                    + "lag_ms=\(digits(2)) id=\(hex(12)) epoch_ms=17\(digits(11))")
        }
        return lines.joined(separator: "\n")
    }

    private mutating func csvExport() -> String {
        var lines = ["patient_name,dob,mrn,member_id,icd10,last_visit"]
        for _ in 0..<(5 + random.next(20)) {
            lines.append(
                "\(pick(Words.firstNames)) \(pick(Words.lastNames)),\(isoDate()),\(digits(7)),"
                    + "SCP\(digits(10)),\(pick(Words.icdCodes)),\(isoDate())")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Pieces

    private mutating func sentence(words count: Int) -> String {
        var words: [String] = []
        for _ in 0..<count { words.append(pick(Words.common)) }
        return words.joined(separator: " ").capitalizedFirst + "."
    }

    private mutating func pick(_ list: [String]) -> String {
        list[random.next(list.count)]
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(random.next(10))) })
    }

    private mutating func hex(_ count: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<count).map { _ in alphabet[random.next(16)] })
    }

    private mutating func date() -> String {
        "\(random.next(12) + 1)/\(random.next(28) + 1)/\(1930 + random.next(95))"
    }

    private mutating func isoDate() -> String {
        let month = random.next(12) + 1
        let day = random.next(28) + 1
        let year = 1930 + random.next(95)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    private mutating func ssn() -> String {
        "\(random.next(600) + 100)-\(random.next(89) + 10)-\(random.next(8999) + 1000)"
    }
}

/// A small, fast, seeded pseudo-random generator (SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func nextValue() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Returns a value in `0 ..< bound`.
    mutating func next(_ bound: Int) -> Int {
        Int(nextValue() % UInt64(bound))
    }
}

extension String {
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
