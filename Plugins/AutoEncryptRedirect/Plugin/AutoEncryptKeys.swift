import PluginAPI

/// The configuration keys of the auto_encrypt_redirect plugin, declared once with type,
/// default and documentation. The configuration reference is generated from this table.
enum AutoEncryptKeys {
    static let onVerified = "auto_encrypt_on_verified"
    static let onEncrypted = "auto_encrypt_on_encrypted"
    static let onOpportunistic = "auto_encrypt_on_opportunistic"
    static let onNone = "auto_encrypt_on_none"
    static let onUnknown = "auto_encrypt_on_unknown"
    static let domainActions = "auto_encrypt_domain_actions"
    static let enforceLevel = "auto_encrypt_enforce_level"
    static let preferSMIME = "auto_encrypt_prefer_smime"
    static let noCertificateAction = "auto_encrypt_no_certificate_action"
    static let gatewayAddress = "auto_encrypt_gateway_address"
    static let rejectReply = "auto_encrypt_reject_reply"
    static let tlsRequiredNo = "auto_encrypt_tls_required_no"
    static let tlsRequiredReply = "auto_encrypt_tls_required_reply"
    static let policyMaps = "auto_encrypt_postfix_policy_maps"
    static let overrides = "auto_encrypt_tls_overrides"
    static let probe = "auto_encrypt_probe"
    static let probeBudget = "auto_encrypt_probe_budget"
    static let probeTimeout = "auto_encrypt_probe_timeout"
    static let probeConcurrency = "auto_encrypt_probe_concurrency"
    static let probePort = "auto_encrypt_probe_port"
    static let probeMXHost = "auto_encrypt_probe_mx_host"
    static let probeMaxHosts = "auto_encrypt_probe_max_hosts"
    static let probeHELO = "auto_encrypt_probe_helo_name"
    static let probeCAFile = "auto_encrypt_probe_ca_file"
    static let requireTrusted = "auto_encrypt_probe_require_trusted_certificate"
    static let probeAtRCPT = "auto_encrypt_probe_at_rcpt"
    static let resolver = "auto_encrypt_resolver"
    static let dane = "auto_encrypt_dane"
    static let mtaSTS = "auto_encrypt_mta_sts"
    static let mtaSTSPort = "auto_encrypt_mta_sts_port"
    static let mtaSTSCAFile = "auto_encrypt_mta_sts_ca_file"
    static let cacheTTL = "auto_encrypt_cache_ttl"
    static let unknownCacheTTL = "auto_encrypt_unknown_cache_ttl"
    static let cacheFile = "auto_encrypt_cache_file"
    static let cacheSize = "auto_encrypt_cache_size"
    static let certificates = "auto_encrypt_smime_certificates"
    static let cipher = "auto_encrypt_smime_cipher"
    static let legacyRecipients = "auto_encrypt_smime_legacy_recipients"
    static let reinjectAddress = "auto_encrypt_reinject_address"
    static let reinjectTimeout = "auto_encrypt_reinject_timeout"

    static let actionTypes = ConfigValueType.choice(ProtectionAction.words)
    static let systemCABundle = "/etc/ssl/certs/ca-certificates.crt"

    static let all: [ConfigKey] = policyKeys + sourceKeys + probeKeys + deliveryKeys

    static let policyKeys: [ConfigKey] = [
        ConfigKey(
            onVerified, actionTypes, default: "enforce_tls",
            "Action for a sensitive message's recipient whose domain has verified TLS "
                + "(DANE, MTA-STS enforce, or a verify/secure/dane policy): deliver, "
                + "enforce_tls, encrypt, redirect, hold or reject."),
        ConfigKey(
            onEncrypted, actionTypes, default: "enforce_tls",
            "Action when the domain's servers do TLS but are not authenticated (a probe "
                + "completed STARTTLS, or an encrypt policy)."),
        ConfigKey(
            onOpportunistic, actionTypes, default: "hold",
            "Action when TLS may be skipped (a may policy, MTA-STS testing, or STARTTLS "
                + "offered but the handshake failed). The default holds the message for an "
                + "administrator because redirect needs auto_encrypt_gateway_address."),
        ConfigKey(
            onNone, actionTypes, default: "hold",
            "Action when the domain's servers offer no STARTTLS or policy says none. The "
                + "default holds the message for an administrator because redirect needs "
                + "auto_encrypt_gateway_address."),
        ConfigKey(
            onUnknown, .choice(["same_as_none"] + ProtectionAction.words),
            default: "same_as_none",
            "Action when nothing is known in time, such as a probe that did not finish "
                + "within auto_encrypt_probe_budget. same_as_none treats it as no TLS."),
        ConfigKey(
            domainActions, .list, default: "",
            "Actions by recipient domain that override the assurance, as domain=action. "
                + "As in Postfix tables, 'example.org=redirect' matches example.org only and "
                + "'.example.org=redirect' matches only its subdomains, so list both to cover "
                + "the domain and its subdomains."),
        ConfigKey(
            enforceLevel, .choice(["auto", "encrypt", "verify", "dane", "secure"]),
            default: "auto",
            "Postfix security level named in the routing header for enforce_tls. auto "
                + "uses the strongest level the domain's proof supports (dane for DANE, "
                + "verify for MTA-STS or a verify policy, else encrypt)."),
        ConfigKey(
            preferSMIME, .boolean, default: "yes",
            "Encrypt with S/MIME instead of redirecting, holding or rejecting when the "
                + "recipient has a certificate in auto_encrypt_smime_certificates."),
        ConfigKey(
            noCertificateAction, .choice(["redirect", "hold", "reject"]), default: "hold",
            "Action for an encrypt decision when the recipient has no certificate."),
        ConfigKey(
            gatewayAddress, .string, default: "",
            "Envelope address of the encryption gateway or portal that redirected "
                + "messages go to, such as secure@gateway.example.net. Required when any "
                + "action can be redirect."),
        ConfigKey(
            rejectReply, .reply,
            default: "550 5.7.1 The recipient's mail server cannot receive protected health "
                + "information securely; send it through the secure portal",
            "Reply for the reject action. Tell the sender what to do instead."),
        ConfigKey(
            tlsRequiredNo, .choice(["strip", "reject"]), default: "strip",
            "What to do with a sender's 'TLS-Required: no' header (RFC 8689) on a "
                + "sensitive message: strip removes it, reject rejects the message. "
                + "Postfix 3.10 and later would otherwise relax TLS for the message."),
        ConfigKey(
            tlsRequiredReply, .reply,
            default: "550 5.7.1 TLS-Required: no is not allowed on messages with protected "
                + "health information; remove the header and send again",
            "Reply when auto_encrypt_tls_required_no = reject."),
    ]

    static let sourceKeys: [ConfigKey] = [
        ConfigKey(
            policyMaps, .list, default: "",
            "The Postfix smtp_tls_policy_maps tables to read, such as "
                + "hash:/etc/postfix/tls_policy. tlsguard reads the source text file; "
                + "hash, btree, lmdb, cdb and texthash tables are supported."),
        ConfigKey(
            overrides, .list, default: "",
            "tlsguard's own TLS levels by domain, which override every other source, as "
                + "domain=level with a Postfix level (none, may, encrypt, verify, secure, "
                + "dane). As in Postfix tables, 'example.org=encrypt' matches example.org only "
                + "and '.example.org=encrypt' matches only its subdomains, so list both to "
                + "cover the domain and its subdomains."),
        ConfigKey(
            resolver, .string, default: "",
            "DNS resolver for MX, TXT, TLSA and address lookups, as ADDRESS or "
                + "ADDRESS:PORT (IPv4). Empty uses /etc/resolv.conf. DNSSEC results (the AD "
                + "bit) are trusted only from a loopback resolver."),
        ConfigKey(dane, .boolean, default: "yes", "Look up TLSA records and use DANE."),
        ConfigKey(mtaSTS, .boolean, default: "yes", "Look up and fetch MTA-STS policies."),
        ConfigKey(
            mtaSTSPort, .integer(1...65535), default: "443",
            "HTTPS port of the MTA-STS policy host mta-sts.DOMAIN."),
        ConfigKey(
            mtaSTSCAFile, .path, default: systemCABundle,
            "CA bundle that MTA-STS policy hosts' certificates must chain to."),
    ]

    static let probeKeys: [ConfigKey] = [
        ConfigKey(probe, .boolean, default: "yes", "Probe recipient MX hosts with STARTTLS."),
        ConfigKey(
            probeBudget, .duration, default: "3s",
            "Maximum time one message waits for the checks of its recipient domains. "
                + "Checks go on in the background and serve later messages."),
        ConfigKey(
            probeTimeout, .duration, default: "20s",
            "Time allowed for one MX host, from connect to QUIT, and for the MTA-STS fetch."),
        ConfigKey(
            probeConcurrency, .integer(1...256), default: "8",
            "Maximum number of domains checked at the same time."),
        ConfigKey(
            probePort, .integer(1...65535), default: "25",
            "SMTP port of the MX hosts; also the port in TLSA names (_PORT._tcp)."),
        ConfigKey(
            probeMXHost, .string, default: "",
            "Host to probe instead of each domain's MX hosts, for a relayhost setup or a "
                + "test server. Empty looks up MX records."),
        ConfigKey(
            probeMaxHosts, .integer(1...10), default: "2",
            "MX hosts probed per domain, in preference order."),
        ConfigKey(
            probeHELO, .string, default: "",
            "Name sent in EHLO by the probe. Empty uses the host name."),
        ConfigKey(
            probeCAFile, .path, default: systemCABundle,
            "CA bundle for verifying MX certificates in probes."),
        ConfigKey(
            requireTrusted, .boolean, default: "no",
            "Count a probe whose certificate does not verify or does not name the MX host "
                + "as opportunistic instead of encrypted."),
        ConfigKey(
            probeAtRCPT, .boolean, default: "yes",
            "Start checks of a recipient's domain at RCPT TO, so results are ready by end "
                + "of message."),
        ConfigKey(
            cacheTTL, .duration, default: "1h", "How long a finished check stays valid."),
        ConfigKey(
            unknownCacheTTL, .duration, default: "5m",
            "How long a check that learned nothing stays valid before it is retried."),
        ConfigKey(
            cacheFile, .path, default: "/var/lib/tlsguard/tls-assurance.cache",
            "File that keeps check results across restarts and for 'tlsguard policy "
                + "export'. Empty keeps them in memory only."),
        ConfigKey(
            cacheSize, .integer(1...10_000_000), default: "100000",
            "Maximum number of domains kept in the cache."),
    ]

    static let deliveryKeys: [ConfigKey] = [
        ConfigKey(
            certificates, .list, default: "",
            "S/MIME recipient certificates: PEM files, or directories of files named "
                + "ADDRESS.pem (lower case). A certificate's email addresses are read from "
                + "its subjectAltName and subject."),
        ConfigKey(
            cipher, .choice(["aes-256-gcm", "aes-256-cbc"]), default: "aes-256-gcm",
            "Content cipher of S/MIME messages."),
        ConfigKey(
            legacyRecipients, .list, default: "",
            "Recipients, by address or domain, whose mail clients cannot read AES-GCM; "
                + "their S/MIME copies use AES-256-CBC."),
        ConfigKey(
            reinjectAddress, .string, default: "127.0.0.1:10026",
            "HOST:PORT of the Postfix smtpd listener without milters that takes the "
                + "copies of split messages; [IPv6]:PORT for IPv6."),
        ConfigKey(
            reinjectTimeout, .duration, default: "60s",
            "Time allowed for handing one copy to the reinjection listener."),
    ]
}
