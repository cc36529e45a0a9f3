import PluginAPI

/// Runs the network checks of one recipient domain: MX lookup, TLSA lookups (DANE),
/// the MTA-STS policy and the STARTTLS probe of the MX hosts. Each check turns into one
/// piece of evidence. A failed check adds a note to the report instead of throwing.
///
/// It blocks for up to `maxHosts + 1` host timeouts plus the DNS timeouts, so the plugin
/// runs it in the background (`ProbeScheduler`) and `tlsguard probe` in the foreground.
struct DomainProber: Sendable {
    var settings: ProbeSettings

    func examine(_ domain: String) -> DomainReport {
        var report = DomainReport(domain: domain)
        if !settings.probeEnabled {
            report.notes.append(
                "STARTTLS probe switched off (auto_encrypt_probe = no): no MX host was "
                    + "contacted, so the assurance rests on the other sources only")
        }
        resolveMX(&report)
        guard !report.mxHosts.isEmpty else { return report }
        if settings.daneEnabled { lookUpTLSA(&report) }
        if settings.mtaSTSEnabled { fetchMTASTS(&report) }
        if settings.probeEnabled { probeHosts(&report) }
        report.evidence = DomainEvidence(report: report, settings: settings).all
        return report
    }

    // MARK: - Steps

    private func resolveMX(_ report: inout DomainReport) {
        if let host = settings.mxHostOverride {
            report.mxHosts = [host]
            report.notes.append("MX lookup skipped: probing \(host) as configured")
            return
        }
        do {
            let answer = try settings.resolver.lookup(report.domain, .mx)
            let exchanges = answer.records.compactMap { record -> (Int, String)? in
                if case .mailExchanger(let preference, let host) = record.data {
                    return (preference, host)
                }
                return nil
            }.sorted { $0.0 < $1.0 }
            report.mxAuthenticated = answer.authenticated
            if exchanges.count == 1 && exchanges[0].1.isEmpty {
                report.notes.append("null MX: the domain accepts no mail")
                report.evidence = [
                    AssuranceEvidence(
                        source: .probe, assurance: .none, enforcementLevel: nil,
                        detail: "null MX")
                ]
                return
            }
            report.mxHosts = exchanges.map(\.1)
        } catch .noRecords {
            report.mxHosts = [report.domain]
            report.notes.append("no MX records: the domain itself is the mail host")
        } catch {
            report.notes.append(error.description)
        }
    }

    private func lookUpTLSA(_ report: inout DomainReport) {
        for host in report.mxHosts.prefix(settings.maxHosts) {
            let owner = "_\(settings.port)._tcp.\(host)"
            do {
                let answer = try settings.resolver.lookup(owner, .tlsa)
                let records = answer.records.compactMap { record -> TLSARecord? in
                    if case .tlsa(let tlsa) = record.data { tlsa } else { nil }
                }
                report.tlsa[host] = (records, answer.authenticated)
            } catch .noRecords {
                report.tlsa[host] = ([], false)
            } catch {
                report.notes.append(error.description)
            }
        }
    }

    private func fetchMTASTS(_ report: inout DomainReport) {
        let fetcher = MTASTSFetcher(
            resolver: settings.resolver, port: settings.mtaSTSPort,
            caFile: settings.mtaSTSCAFile, timeout: settings.hostTimeout)
        do {
            report.mtaSTS = .success(try fetcher.fetch(domain: report.domain))
        } catch {
            report.mtaSTS = .failure(error)
        }
    }

    private func probeHosts(_ report: inout DomainReport) {
        let probe = STARTTLSProbe(
            heloName: settings.heloName, timeout: settings.hostTimeout, caFile: settings.caFile)
        let lookup = AddressLookup(resolver: settings.resolver)
        // NOTE: only the first address of each host is probed; a host whose addresses
        // differ in TLS is judged on that one.
        for host in report.mxHosts.prefix(settings.maxHosts) {
            let tlsa = usableTLSA(report, host: host)
            do {
                guard let address = try lookup.addresses(of: host).first else { continue }
                report.hosts.append(
                    probe.probe(hostname: host, address: address, port: settings.port, tlsa: tlsa))
            } catch {
                report.notes.append(error.description)
            }
        }
    }

    /// TLSA records that DANE may use for `host`: authenticated, with an authenticated MX
    /// lookup (or a configured host), and of a usage SMTP allows.
    func usableTLSA(_ report: DomainReport, host: String) -> [TLSARecord] {
        guard let entry = report.tlsa[host], entry.authenticated,
            report.mxAuthenticated || settings.mxHostOverride != nil
        else {
            return []
        }
        return entry.records.filter(\.isUsableForSMTP)
    }
}
