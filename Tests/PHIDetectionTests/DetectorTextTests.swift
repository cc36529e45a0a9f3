import Testing

@testable import PHIDetection

/// Detection on short texts: each case names the kinds that must be found and the kinds
/// that must not.
@Suite struct DetectorTextTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var text: String
        var found: [PHIKind]
        var absent: [PHIKind] = []
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "dashed SSN without keyword", text: "Patient: Ana Lopez, 372-81-4096",
            found: [.ssn, .name]),
        Case(
            label: "spaced SSN needs keyword", text: "Ref 372 81 4096 attached",
            found: [], absent: [.ssn]),
        Case(label: "spaced SSN with keyword", text: "SSN 372 81 4096", found: [.ssn]),
        Case(label: "SS# keyword", text: "SS#: 372814096", found: [.ssn]),
        Case(
            label: "SSN in part number", text: "part no. 552-18-7734 for the AHU",
            found: [], absent: [.ssn]),
        Case(
            label: "SSN glued to a ticket id", text: "Ticket OPS-372-81-4096 closed",
            found: [], absent: [.ssn]),
        Case(
            label: "NPI needs its keyword", text: "Order number: 1734829108", found: [],
            absent: [.npi]),
        Case(label: "NPI with keyword", text: "Prescriber NPI: 1234567893", found: [.npi]),
        Case(label: "NPI failing Luhn", text: "NPI 1234567890", found: [], absent: [.npi]),
        Case(label: "DEA with keyword", text: "DEA # AB1234563", found: [.dea]),
        Case(label: "MBI with dashes", text: "Medicare ID 1EG4-TE5-MK73", found: [.mbi]),
        Case(label: "MBI without context", text: "code 1EG4TE5MK73", found: [.mbi]),
        Case(label: "MRN glued to hash", text: "MRN#00482913", found: [.mrn]),
        Case(
            label: "medical record number", text: "Medical record number: A-448812", found: [.mrn]),
        Case(label: "member id", text: "Subscriber ID: ZQX88812345", found: [.memberID]),
        Case(label: "policy number", text: "Policy #: 55-1234-88", found: [.memberID]),
        Case(
            label: "claim without punctuation", text: "Claim 25-300-118842 was denied",
            found: [], absent: [.account]),
        Case(label: "claim number", text: "Claim #: 25-300-118842", found: [.account]),
        Case(label: "account number", text: "Acct no. 00991234", found: [.account]),
        Case(label: "ICD code after Dx", text: "Dx: E11.9", found: [.icd10]),
        Case(
            label: "ICD code after condition", text: "essential hypertension (I10)",
            found: [.icd10, .diagnosis]),
        Case(
            label: "ICD shape without context", text: "Route I10 to exit 5", found: [],
            absent: [.icd10]),
        Case(
            label: "vitamin B12 is no ICD code", text: "vitamin B12 level low", found: [],
            absent: [.icd10]),
        Case(label: "NDC with keyword", text: "NDC 12345-678-90", found: [.ndc]),
        Case(label: "NDC next to a drug", text: "lisinopril 10 mg, 0406-0512-01", found: [.ndc]),
        Case(
            label: "card with keyword", text: "Mastercard 5425 2334 3010 9903", found: [.creditCard]
        ),
        Case(
            label: "card without keyword", text: "ref 5425233430109903", found: [],
            absent: [.creditCard]),
        Case(label: "CPT code", text: "CPT 99213 billed", found: [.procedure]),
        Case(label: "DOB slash form", text: "DOB: 3/14/61", found: [.dob]),
        Case(label: "DOB ISO form", text: "Date of birth 1961-03-14", found: [.dob]),
        Case(label: "DOB month name", text: "born on March 14, 1961", found: [.dob]),
        Case(label: "DOB day month name", text: "DOB 14 March 1961", found: [.dob]),
        Case(label: "DOB with month abbreviation", text: "DOB: 14-Mar-1961", found: [.dob]),
        Case(label: "date of service", text: "Date of service: 09/22/2025", found: [.date]),
        Case(label: "discharge date", text: "discharged 10/14/2025 home", found: [.date]),
        Case(label: "invoice date", text: "Invoice date: 10/31/2025", found: [], absent: [.date]),
        Case(
            label: "timestamp", text: "2025-11-06T02:00:00Z heartbeat ok", found: [],
            absent: [.date]),
        Case(label: "age 93", text: "Patient is a 93-year-old woman", found: [.ageOver89]),
        Case(
            label: "age 87", text: "Patient is a 87-year-old woman", found: [],
            absent: [.ageOver89]),
        Case(label: "age label", text: "Age: 91", found: [.ageOver89]),
        Case(
            label: "patient phone", text: "Patient: Ana Lopez\nHome phone 617.555.0142",
            found: [.phone, .name]),
        Case(
            label: "business phone", text: "Call us at (617) 555-0142 today", found: [],
            absent: [.phone]),
        Case(
            label: "patient address", text: "Patient: Ana Lopez\nAddress: 12 Elm Street, Apt 4",
            found: [.address]),
        Case(
            label: "patient ZIP", text: "Patient: Ana Lopez, Springfield, IL 62704",
            found: [.location]),
        Case(
            label: "vCard of a patient",
            text: "FN:Ana Lopez\nBDAY:1961-03-14\nADR;TYPE=home:;;12 Elm Street;Springfield;IL"
                + "\nNOTE:type 2 diabetes",
            found: [.name, .dob, .address, .diagnosis]),
        Case(
            label: "calendar attendee",
            text: "SUMMARY:Infusion, Crohn's disease\n"
                + "ATTENDEE;CN=Mirela Dragomir;ROLE=REQ-PARTICIPANT\nDESCRIPTION:DOB 05/30/1951",
            found: [.name, .dob, .diagnosis]),
        Case(
            label: "vCard without health context",
            text: "FN:Ana Lopez\nBDAY:1961-03-14\nADR;TYPE=home:;;12 Elm Street;Springfield;IL",
            found: [.dob], absent: [.name, .address]),
        Case(
            label: "office address", text: "Visit us at 75 Francis St, Boston, MA 02115",
            found: [], absent: [.address, .location]),
        Case(label: "name in capitals", text: "PATIENT: LOPEZ, ANA M", found: [.name]),
        Case(
            label: "name after title", text: "Mrs. Jane Doe, age 93, hip fracture",
            found: [.name, .ageOver89, .diagnosis]),
        Case(
            label: "Spanish labels",
            text: "Paciente: María Fernández\nFecha de nacimiento: 14/03/1961\n"
                + "Diagnóstico: E11.9",
            found: [.name, .dob, .icd10]),
        Case(label: "name in lower case", text: "patient: ana lopez", found: [.name]),
        Case(label: "initial and surname", text: "Pt: J. Okafor, seen today", found: [.name]),
        Case(
            label: "name after comma", text: "We saw the patient, Ana Lopez, on Monday",
            found: [.name]),
        Case(label: "single letter is no name", text: "Patient A (valid shape)", found: [],
            absent: [.name]),
        Case(
            label: "name before MRN", text: "Re: Teodoro Valcárcel, MRN 00917342",
            found: [.name, .mrn]),
        Case(
            label: "no name after patient word", text: "the patient below was seen", found: [],
            absent: [.name]),
        Case(
            label: "provider is no patient", text: "Dr. Lena Whitcombe recommends", found: [],
            absent: [.name]),
        Case(
            label: "URL digits", text: "see https://x.example/?id=372-81-4096", found: [],
            absent: [.ssn]),
        Case(
            label: "e-mail digits", text: "write to 372814096@x.example", found: [],
            absent: [.ssn]),
    ]

    @Test(arguments: cases)
    func detectsKinds(_ testCase: Case) {
        let assessment = Fixtures.detector.assess(text: Array(testCase.text.utf8))
        let found = Set(assessment.groups.map(\.kind))
        for kind in testCase.found {
            #expect(
                found.contains(kind),
                "missing \(kind.rawValue); found \(found.map(\.rawValue).sorted())")
        }
        for kind in testCase.absent {
            #expect(!found.contains(kind), "unexpected \(kind.rawValue)")
        }
    }

    @Test func healthTermsAloneStayBelowThreshold() {
        let text =
            "Diabetes, hypertension, asthma and COPD are treated with metformin, "
            + "lisinopril, albuterol and tiotropium after an MRI and a colonoscopy."
        let assessment = Fixtures.detector.assess(text: Array(text.utf8))
        #expect(!assessment.isSensitive, "score \(assessment.score)")
    }

    @Test func identifiersAloneStayBelowThreshold() {
        let text = "SSN 372-81-4096, DOB 03/14/1961, card Visa 4539 7180 2264 5310"
        let assessment = Fixtures.detector.assess(text: Array(text.utf8))
        #expect(!assessment.isSensitive, "score \(assessment.score)")
    }

    @Test func identifierWithDiagnosisIsSensitive() {
        let text = "SSN 372-81-4096; diagnosed with major depressive disorder (F32.9)"
        let assessment = Fixtures.detector.assess(text: Array(text.utf8))
        #expect(assessment.isSensitive, "score \(assessment.score)")
    }
}

/// Detection in CSV attachments, where column headers are the labels.
@Suite struct TableTextTests {
    @Test func quotedCellsKeepColumns() {
        let csv = """
            patient_name,address,mrn,dob
            "Lopez, Ana","12 Elm St, Apt 4",00482913,1961-03-14
            "Okafor, Chidi","9 Oak Ave, Unit 2",00482977,1958-11-02
            """
        let assessment = Fixtures.detector.assess(text: Array(csv.utf8), kind: .csv)
        let counts = Dictionary(assessment.groups.map { ($0.kind, $0.count) }, uniquingKeysWith: +)
        #expect(counts[.mrn] == 2, "\(counts)")
        #expect(counts[.dob] == 2, "\(counts)")
        #expect(counts[.name] == 2, "\(counts)")
        #expect(assessment.isSensitive)
    }

    @Test func unlabelledColumnsStayNumbers() {
        let csv = """
            sku,quantity,price
            48291,12,19.99
            48292,3,4.50
            """
        let assessment = Fixtures.detector.assess(text: Array(csv.utf8), kind: .csv)
        #expect(assessment.groups.isEmpty, "\(assessment.groups.map(\.rule))")
    }
}
