import Engine
import Foundation
import PluginAPI
import Testing

@Suite struct PluginLoaderTests {
    /// The directory with the package's build products: the test binary runs from it.
    static var productsDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        if directory.pathExtension == "xctest" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.path
    }

    @Test func examplePluginLoadsAndRuns() throws {
        let descriptor = try PluginLoader.load(
            path: Self.productsDirectory + "/libExampleSubjectTag.so")
        #expect(descriptor.name == "subject_tag")
        #expect(descriptor.configKeys.map(\.name).contains("subject_tag_keywords"))
        let configuration = try PluginConfiguration(
            descriptor: descriptor, overrides: ["subject_tag_sender_domains": "example.com"])
        let plugin = try descriptor.make(configuration)
        #expect(String(describing: type(of: plugin)).contains("SubjectTagPlugin"))
    }

    @Test func wrongAPIVersionIsRejected() {
        let path = Self.productsDirectory + "/libWrongVersionPlugin.so"
        #expect {
            try PluginLoader.load(path: path)
        } throws: { error in
            guard let error = error as? PluginLoadError,
                case .versionMismatch(let reported, let pluginVersion, let hostVersion) = error
            else {
                return false
            }
            return reported == path && pluginVersion == hostVersion + 1000
                && error.description.contains("rebuild the plugin")
        }
    }

    @Test func libraryWithoutEntryIsRejected() {
        let path = Self.productsDirectory + "/libTLSGuardSDK.so"
        #expect(throws: PluginLoadError.missingEntry(path: path)) {
            try PluginLoader.load(path: path)
        }
    }

    @Test func missingFileIsRejected() {
        #expect(throws: PluginLoadError.fileNotFound(path: "/nonexistent/x.so")) {
            try PluginLoader.load(path: "/nonexistent/x.so")
        }
    }

    @Test func notASharedLibraryIsRejected() throws {
        let path = NSTemporaryDirectory() + "tlsguard-not-a-plugin-\(getpid()).so"
        try "not an ELF file".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try PluginLoader.load(path: path)
        } throws: { error in
            guard case .openFailed(let reported, _) = error as? PluginLoadError else {
                return false
            }
            return reported == path
        }
    }
}
