/// Payment card numbers: 13 to 19 digits with a known issuer prefix, at least three
/// different digits and a passing Luhn check. The prefix test matters because about one
/// random number in ten passes Luhn. The digit test rules out issuers' test numbers such
/// as 4111 1111 1111 1111.
enum PaymentCardRules {
    static func isValid<Digits: RandomAccessCollection<Int>>(_ digits: Digits) -> Bool
    where Digits.Index == Int {
        guard (13...19).contains(digits.count) else { return false }
        let distinct = digits.reduce(0) { $0 | 1 << $1 }.nonzeroBitCount
        guard hasIssuerPrefix(digits), distinct > 2 else { return false }
        return Checksums.passesLuhn(digits)
    }

    /// Visa 4; Mastercard 51–55 and 2221–2720; American Express 34 and 37; Discover 6011,
    /// 644–649 and 65; JCB 3528–3589; Diners Club 300–305, 36 and 38; UnionPay 62.
    static func hasIssuerPrefix<Digits: RandomAccessCollection<Int>>(_ digits: Digits) -> Bool
    where Digits.Index == Int {
        let base = digits.startIndex
        let first = digits[base]
        let two = first * 10 + digits[base + 1]
        let three = two * 10 + digits[base + 2]
        let four = three * 10 + digits[base + 3]
        switch first {
        case 4: return [13, 16, 19].contains(digits.count)
        case 5: return (51...55).contains(two) && digits.count == 16
        case 2: return (2221...2720).contains(four) && digits.count == 16
        case 3:
            if two == 34 || two == 37 { return digits.count == 15 }
            if (3528...3589).contains(four) { return digits.count >= 16 }
            return (300...305).contains(three) || two == 36 || two == 38
        case 6:
            return four == 6011 || (644...649).contains(three) || two == 65 || two == 62
        default: return false
        }
    }
}
