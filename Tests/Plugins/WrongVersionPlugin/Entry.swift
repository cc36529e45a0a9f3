import PluginAPI

/// A plugin that reports an API version no tlsguard uses, so tests can check that the
/// daemon rejects a plugin built for another version.
final class WrongVersionPlugin: RulePlugin {}

@_cdecl("tlsguard_plugin_entry")
public func tlsguardPluginEntry() -> UnsafeRawPointer {
    PluginExport.entry(
        apiVersion: PluginAPIVersion.current + 1000,
        PluginDescriptor(
            name: "wrong_version", summary: "Reports a foreign plugin API version",
            make: { _ in WrongVersionPlugin() }))
}
