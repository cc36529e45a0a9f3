import CPluginABI

/// The version of the plugin API. It changes whenever a public type of the SDK changes in
/// a way that a compiled plugin would notice.
///
/// `@_alwaysEmitIntoClient` copies the value into every module that reads it, so a plugin
/// reports the version it was compiled with, not the version of the SDK library it finds
/// at run time.
public enum PluginAPIVersion {
    @_alwaysEmitIntoClient
    public static var current: UInt32 { 1 }
}

/// The object a plugin's C entry point hands to the daemon.
public final class PluginRegistration: Sendable {
    public let descriptor: PluginDescriptor

    public init(descriptor: PluginDescriptor) {
        self.descriptor = descriptor
    }
}

/// Helpers for a plugin's exported entry point. A plugin library contains:
///
/// ```swift
/// @_cdecl("tlsguard_plugin_entry")
/// public func tlsguardPluginEntry() -> UnsafeRawPointer {
///     PluginExport.entry(MyPlugin.descriptor)
/// }
/// ```
public enum PluginExport {
    /// Returns the entry record for `descriptor`, stamped with the API version this plugin
    /// is being compiled against. The record is never freed: the daemon reads it once.
    @_alwaysEmitIntoClient
    public static func entry(_ descriptor: PluginDescriptor) -> UnsafeRawPointer {
        entry(apiVersion: PluginAPIVersion.current, descriptor)
    }

    /// Returns an entry record with an explicit API version. Plugins use `entry(_:)`; this
    /// form exists to test how the daemon treats a plugin built for another version.
    public static func entry(apiVersion: UInt32, _ descriptor: PluginDescriptor)
        -> UnsafeRawPointer
    {
        let registration = Unmanaged.passRetained(PluginRegistration(descriptor: descriptor))
        let record = UnsafeMutablePointer<tlsguard_plugin_entry>.allocate(capacity: 1)
        record.initialize(
            to: tlsguard_plugin_entry(
                api_version: apiVersion, registration: registration.toOpaque()))
        return UnsafeRawPointer(record)
    }
}
