import PluginAPI

/// The entry point the daemon looks up with dlsym.
@_cdecl("tlsguard_plugin_entry")
public func tlsguardPluginEntry() -> UnsafeRawPointer {
    PluginExport.entry(SubjectTagPlugin.descriptor)
}
