import CPluginABI
import Glibc
import PluginAPI

/// Loads third-party rule plugins from shared libraries.
///
/// A plugin library exports `tlsguard_plugin_entry` (see `tlsguard_plugin.h`), which
/// returns a record whose first field is the plugin API version the plugin was compiled
/// against. The loader reads the version before anything else and rejects a plugin built
/// for another version, because Swift types of another SDK version may have another
/// layout.
public enum PluginLoader {
    /// Loads the plugin at `path` and returns its descriptor.
    public static func load(path: String) throws(PluginLoadError) -> PluginDescriptor {
        guard access(path, F_OK) == 0 else {
            throw .fileNotFound(path: path)
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .openFailed(path: path, reason: lastDynamicLinkerError())
        }
        guard let symbol = dlsym(handle, TLSGUARD_PLUGIN_ENTRY_SYMBOL) else {
            dlclose(handle)
            throw .missingEntry(path: path)
        }
        let entry = unsafeBitCast(symbol, to: tlsguard_plugin_entry_fn.self)
        guard let record = entry() else {
            throw .emptyEntry(path: path)
        }
        let version = record.pointee.api_version
        guard version == PluginAPIVersion.current else {
            throw .versionMismatch(
                path: path, pluginVersion: version, hostVersion: PluginAPIVersion.current)
        }
        guard let pointer = record.pointee.registration else {
            throw .emptyEntry(path: path)
        }
        let object = Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
        guard let registration = object as? PluginRegistration else {
            throw .foreignSDK(path: path)
        }
        // The library stays loaded for the life of the process: plugin code may run
        // until the last connection that uses it has closed.
        return registration.descriptor
    }

    private static func lastDynamicLinkerError() -> String {
        guard let message = dlerror() else { return "unknown error" }
        return String(cString: message)
    }
}

/// An error that stops a plugin library from loading. Each message names the file and
/// what to do.
public enum PluginLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    case fileNotFound(path: String)
    case openFailed(path: String, reason: String)
    case missingEntry(path: String)
    case emptyEntry(path: String)
    case versionMismatch(path: String, pluginVersion: UInt32, hostVersion: UInt32)
    case foreignSDK(path: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "plugin \(path): file not found; check the path in plugin_paths or remove the entry"
        case .openFailed(let path, let reason):
            "plugin \(path): cannot be loaded: \(reason); check that it was built for this "
                + "system and that libTLSGuardSDK.so is installed beside tlsguard"
        case .missingEntry(let path):
            "plugin \(path): no \(TLSGUARD_PLUGIN_ENTRY_SYMBOL) symbol; a tlsguard plugin "
                + "exports it with @_cdecl and PluginExport.entry (see Docs/plugins.md)"
        case .emptyEntry(let path):
            "plugin \(path): \(TLSGUARD_PLUGIN_ENTRY_SYMBOL) returned no registration; "
                + "return PluginExport.entry(descriptor) from it"
        case .versionMismatch(let path, let pluginVersion, let hostVersion):
            "plugin \(path): built for plugin API version \(pluginVersion), but this "
                + "tlsguard uses version \(hostVersion); rebuild the plugin against the SDK "
                + "of this tlsguard release"
        case .foreignSDK(let path):
            "plugin \(path): its registration is not a PluginRegistration of this SDK; "
                + "build it against this tlsguard's SDK package and link the TLSGuardSDK "
                + "product dynamically, not the SDK targets statically"
        }
    }
}
