/// A charset label from a message, mapped to the decoder that reads it.
///
/// Labels are matched without case, quotes or surrounding white space. Following the
/// WHATWG Encoding Standard, `iso-8859-1` and `us-ascii` are read as windows-1252, a
/// superset that mail clients also use, and GB2312/GBK as GB18030. Labels that name no
/// charset (`unknown-8bit`, `binary`, an empty string) and labels iconv does not know are
/// `.unknown`, which the converter reads by best effort.
public enum CharsetLabel: Sendable, Hashable {
    case utf8
    /// Declared US-ASCII: 8-bit bytes in it are a lie and are decoded by best effort.
    case ascii
    case windows1252
    /// A charset that iconv converts, by its iconv name.
    case iconv(String)
    /// No usable charset was declared; the original label is kept for the report.
    case unknown(String)

    /// Maps a declared label to a decoder.
    public init(_ declared: String) {
        let label = Self.clean(declared)
        if let known = Self.aliases[label] {
            self = known
        } else if let family = Self.family(label) {
            self = family
        } else if Self.meaningless.contains(label) || !Self.isWellFormed(label) {
            self = .unknown(declared)
        } else if CharsetConverter.isSupported(iconvName: label.uppercased()) {
            self = .iconv(label.uppercased())
        } else {
            self = .unknown(declared)
        }
    }

    /// The name shown in reports: the iconv name or a standard label.
    public var name: String {
        switch self {
        case .utf8: "utf-8"
        case .ascii: "us-ascii"
        case .windows1252: "windows-1252"
        case .iconv(let name): name.asciiLowercased
        case .unknown(let label): label
        }
    }

    /// True for the iconv names of single-byte charsets, in which UTF-8 multi-byte
    /// sequences are unlikely text.
    static func isSingleByte(iconvName: String) -> Bool {
        let prefixes = ["ISO-8859-", "WINDOWS-125", "KOI8-", "CP874", "MACINTOSH"]
        return prefixes.contains { iconvName.hasPrefix($0) }
    }

    // MARK: - Label tables

    private static func clean(_ declared: String) -> String {
        var bytes = Array(declared.utf8)[...].trimmingFoldingWhitespace()
        while let first = bytes.first, first == ASCII.quote || first == ASCII.apostrophe {
            bytes = bytes.dropFirst()
        }
        while let last = bytes.last, last == ASCII.quote || last == ASCII.apostrophe {
            bytes = bytes.dropLast()
        }
        return String(decoding: bytes.asciiLowercased(), as: UTF8.self)
    }

    /// Labels passed to iconv_open must be plain names: no `//TRANSLIT` or paths.
    private static func isWellFormed(_ label: String) -> Bool {
        !label.isEmpty && label.utf8.count <= 40
            && label.utf8.allSatisfy { byte in
                ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == ASCII.hyphen
                    || byte == ASCII.underscore || byte == ASCII.period || byte == ASCII.colon
            }
    }

    private static let meaningless: Set<String> = [
        "", "unknown", "unknown-8bit", "x-unknown", "binary", "8bit", "7bit", "default",
        "charset", "none", "x-user-defined", "us-ascii-8bit", "text", "auto",
    ]

    private static let aliases: [String: CharsetLabel] = {
        var table: [String: CharsetLabel] = [:]
        for label in ["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode"] {
            table[label] = .utf8
        }
        for label in ["us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "646", "cp367"] {
            table[label] = .ascii
        }
        for label in [
            "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819",
            "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "iso_8859-1:1987", "8859-1",
        ] {
            table[label] = .windows1252
        }
        let iconvNames: [String: [String]] = [
            "CP932": [
                "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis",
                "windows-31j", "cp932", "ms932",
            ],
            "EUC-JP-MS": ["euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese"],
            "ISO-2022-JP-2": ["iso-2022-jp", "csiso2022jp", "iso-2022-jp-2", "iso-2022-jp-1"],
            "GB18030": [
                "gb2312", "gbk", "cp936", "x-gbk", "euc-cn", "csgb2312", "gb18030",
                "chinese", "gb_2312-80", "iso-ir-58", "ms936", "windows-936",
            ],
            "BIG5-HKSCS": ["big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs"],
            "CP949": [
                "euc-kr", "ks_c_5601-1987", "ksc5601", "ks_c_5601", "cp949",
                "windows-949", "csksc56011987", "korean", "iso-ir-149",
            ],
            "KOI8-R": ["koi8-r", "koi8r", "cskoi8r", "koi"],
            "KOI8-U": ["koi8-u", "koi8-ru"],
            "UTF-16": ["utf-16", "utf16", "ucs-2", "iso-10646-ucs-2", "csunicode"],
            "UTF-16LE": ["utf-16le"],
            "UTF-16BE": ["utf-16be"],
            "UTF-32": ["utf-32", "ucs-4"],
            "UTF-7": ["utf-7", "unicode-1-1-utf-7", "csunicode11utf7"],
            "CP874": ["windows-874", "tis-620", "iso-8859-11", "cp874", "x-cp874"],
            "MACINTOSH": ["macintosh", "mac", "x-mac-roman", "csmacintosh"],
        ]
        for (iconvName, labels) in iconvNames {
            for label in labels {
                table[label] = .iconv(iconvName)
            }
        }
        return table
    }()

    /// Numbered families: ISO-8859-n, windows-125n and their common spellings.
    private static func family(_ label: String) -> CharsetLabel? {
        let latinParts: [String: Int] = [
            "latin2": 2, "latin3": 3, "latin4": 4, "latin5": 9, "latin6": 10, "latin7": 13,
            "latin8": 14, "latin9": 15, "latin10": 16, "l2": 2, "l3": 3, "l4": 4, "l5": 9,
            "l6": 10, "l7": 13, "l8": 14, "l9": 15, "cyrillic": 5, "arabic": 6, "greek": 7,
            "hebrew": 8,
        ]
        if let part = latinParts[label] {
            return .iconv("ISO-8859-\(part)")
        }
        for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso8859_", "8859-"] {
            if label.hasPrefix(prefix) {
                let rest = label.dropFirst(prefix.count).prefix { $0 != "-" && $0 != ":" }
                if let part = Int(rest), (2...16).contains(part), part != 12 {
                    return .iconv("ISO-8859-\(part)")
                }
            }
        }
        for prefix in ["windows-", "cp", "x-cp", "win", "windows"] {
            if label.hasPrefix(prefix), let code = Int(label.dropFirst(prefix.count)),
                (1250...1258).contains(code)
            {
                return code == 1252 ? .windows1252 : .iconv("WINDOWS-\(code)")
            }
        }
        return nil
    }
}
