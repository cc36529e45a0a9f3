import Mail
import Testing

@Suite struct ReceivedDateTests {
    private func date(_ text: String) -> String? {
        let value = "from a.example ([192.0.2.1]) by b.example with SMTP; " + text
        return ReceivedParser.parse(Array(value.utf8)).date?.description
    }

    @Test(arguments: [
        ("Tue, 14 Oct 2025 09:12:44 +0000 (UTC)", "2025-10-14T09:12:44Z"),
        ("Mon,  3 Mar 2025 17:40:02 +0100 (CET)", "2025-03-03T16:40:02Z"),
        ("19 Aug 2025 06:20:11 -0700", "2025-08-19T13:20:11Z"),
        ("Fri,\r\n 11 Apr 2025 11:08:19 +0000", "2025-04-11T11:08:19Z"),
        ("Wed, 02 Jul 2025 18:07:51\r\n +0200", "2025-07-02T16:07:51Z"),
        ("Tue, 03 Mar 2026 10:15:07.102 +0000 (UTC)", "2026-03-03T10:15:07Z"),
        ("Mon, 15 Dec 2025 18:50:12 GMT", "2025-12-15T18:50:12Z"),
        ("Mon, 31 Aug 2015 13:21:56 PDT", "2015-08-31T20:21:56Z"),
        ("3 Mar 26 10:15:08 -0000", "2026-03-03T10:15:08Z"),
        ("Tue Mar  3 10:15:08 2026", "2026-03-03T10:15:08Z"),
        ("2026-03-03T10:15:08+02:00", "2026-03-03T08:15:08Z"),
        ("2026-03-03 10:15:08.118204377 +0000 UTC m=+80112.604413920", "2026-03-03T10:15:08Z"),
        ("Thu, 29 Feb 2024 23:59:60 +0000", "2024-02-29T23:59:59Z"),
    ])
    func validDatesAreRead(_ text: String, _ expected: String) {
        #expect(date(text) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "Tue, 31 Feb 2025 10:00:00 +0000", "Tue, 3 Mar 1916 10:00:00 +0000",
        "Tue, 3 Mar 2025 25:00:00 +0000", "Tue, 3 Mar 2025", "(using TLSv9.9 with cipher (null",
    ])
    func invalidDatesAreNil(_ text: String) {
        #expect(date(text) == nil)
    }

    @Test func missingZoneIsMarked() {
        let value = "by b.example with SMTP; Tue, 3 Mar 2026 10:15:08"
        let parsed = ReceivedParser.parse(Array(value.utf8)).date
        #expect(parsed?.hasZone == false)
        #expect(parsed?.description == "2026-03-03T10:15:08Z")
    }
}
