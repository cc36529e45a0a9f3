import Testing

@testable import PHIDetection

/// Check-digit and format rules of the identifiers, one table per identifier.
@Suite struct ValidatorTests {
    @Test(arguments: [
        (372, 81, 4096, SSNClass.ssn),
        (123, 45, 6780, .ssn),
        (123, 45, 6789, .invalid),
        (78, 5, 1120, .invalid),
        (987, 65, 4328, .invalid),
        (912, 78, 4096, .itin),
        (987, 65, 4330, .itin),
        (950, 40, 1234, .invalid),
        (0, 81, 4096, .invalid),
        (666, 81, 4096, .invalid),
        (372, 0, 4096, .invalid),
        (372, 81, 0, .invalid),
        (111, 11, 1111, .invalid),
        (899, 99, 9999, .ssn),
    ])
    func ssnRules(area: Int, group: Int, serial: Int, expected: SSNClass) {
        #expect(SSNRules.classify(area: area, group: group, serial: serial) == expected)
    }

    @Test(arguments: [
        ("1492837160", true),
        ("2019384751", true),
        ("1234567893", true),
        ("1837265049", false),
        ("1234567890", false),
        ("3234567893", false),
    ])
    func npiCheckDigit(number: String, valid: Bool) {
        let digits = number.map { Int(String($0)) ?? 0 }
        #expect(Checksums.isValidNPI(digits) == valid)
    }

    @Test(arguments: [
        ("BR5930284", true),
        ("AB1234563", true),
        ("BR5930285", false),
        ("QR5930284", false),
        ("B95930284", true),
    ])
    func deaCheckDigit(number: String, valid: Bool) {
        let bytes = Array(number.utf8)
        let digits = bytes[2...].map { Int($0) - 48 }
        #expect(Checksums.isValidDEA(letters: (bytes[0], bytes[1]), digits: digits) == valid)
    }

    @Test(arguments: [
        ("7QT2WF8KN41", true),
        ("3HD9XP2GA55", true),
        ("1EG4TE5MK73", true),
        ("0EG4TE5MK73", false),
        ("1SG4TE5MK73", false),
        ("1EG4TE5MK7A", false),
        ("1eg4te5mk73", false),
        ("1EG4TE5MK7", false),
    ])
    func mbiFormat(identifier: String, valid: Bool) {
        #expect(MBIRules.isValid(Array(identifier.utf8)) == valid)
    }

    @Test(arguments: [
        ("E11.9", false, true),
        ("J45.909", false, true),
        ("I10", false, true),
        ("S72.001A", false, true),
        ("M1A.0710", false, true),
        ("E119", false, false),
        ("E119", true, true),
        ("A1C", false, false),
        ("E11.12345", false, false),
        ("11.9", false, false),
    ])
    func icd10Shape(code: String, allowUndotted: Bool, valid: Bool) {
        #expect(ICD10Rules.isValid(Array(code.utf8), allowUndotted: allowUndotted) == valid)
    }

    @Test(arguments: [
        ("4539718022645310", true),
        ("4111111111111111", false),
        ("378282246310005", true),
        ("5425233430109903", true),
        ("2223003122003222", true),
        ("6011111111111117", true),
        ("1761234567895", false),
        ("4539718022645311", false),
        ("9999999999999995", false),
    ])
    func paymentCards(number: String, valid: Bool) {
        let digits = number.map { Int(String($0)) ?? 0 }
        #expect(PaymentCardRules.isValid(digits) == valid)
    }

    @Test(arguments: [
        ("6175550142", true),
        ("12025550187", true),
        ("1205550187", false),
        ("2125110105", false),
        ("2021550143", false),
        ("021394307", false),
    ])
    func nanpPhoneNumbers(number: String, valid: Bool) {
        let digits = number.map { Int(String($0)) ?? 0 }
        #expect(PhoneRules.isValid(digits) == valid)
    }

    @Test(arguments: [
        (1961, 3, 14, true),
        (2024, 2, 29, true),
        (2025, 2, 29, false),
        (1961, 13, 1, false),
        (1961, 4, 31, false),
        (1700, 1, 1, false),
    ])
    func calendarDates(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((CalendarDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test(arguments: [
        ("372-81-4096", PHIKind.ssn, "***-**-4096"),
        ("4539 7180 2264 5310", .creditCard, "**** **** **** 5310"),
        ("Delphine Okonkwo-Hale", .name, "D.O."),
        ("11/02/1963", .dob, "**/**/****"),
    ])
    func redactedForms(value: String, kind: PHIKind, expected: String) {
        #expect(Redaction.redact(Array(value.utf8), kind: kind) == expected)
    }

    @Test func redactionOmitsHealthTerms() {
        #expect(Redaction.redact(Array("metformin".utf8), kind: .drug) == nil)
    }
}
