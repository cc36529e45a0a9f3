import Engine
import Glibc
import MilterKit
import PluginAPI

/// The milter settings of a checked configuration, in MilterKit's form.
enum MilterSettings {
    static func configuration(from engine: EngineConfiguration) throws(MilterSettingsError)
        -> MilterConfiguration
    {
        var milter = MilterConfiguration()
        let socketText = engine.string(DaemonKeys.milterSocket)
        do {
            milter.socket = try SocketSpec(parsing: socketText)
        } catch {
            throw MilterSettingsError(key: DaemonKeys.milterSocket, message: error.description)
        }
        let modeText = engine.string(DaemonKeys.milterSocketMode)
        guard let mode = UInt32(modeText, radix: 8), mode <= 0o777 else {
            throw MilterSettingsError(
                key: DaemonKeys.milterSocketMode,
                message: "invalid value '\(modeText)'; expected an octal mode such as 0660")
        }
        milter.unixSocketMode = mode
        milter.timeoutSeconds = Int(engine.duration(DaemonKeys.milterTimeout).components.seconds)
        milter.backlog = engine.integer(DaemonKeys.milterBacklog)
        milter.progressInterval = engine.duration(DaemonKeys.milterProgressInterval)
        milter.maxProgressDuration = engine.duration(DaemonKeys.milterMaxProgressDuration)
        milter.bodyMemoryLimit = engine.integer(DaemonKeys.bodyMemoryLimit)
        milter.spoolDirectory = engine.string(DaemonKeys.spoolDirectory)
        milter.maxHeaderCount = engine.integer(DaemonKeys.maxHeaderCount)
        milter.maxHeaderBytes = engine.integer(DaemonKeys.maxHeaderSize)
        milter.tempfailReply = MilterReply(engine.reply(DaemonKeys.errorReply))
        do {
            try milter.validate()
        } catch {
            if case .invalidConfiguration(let key, let value, let allowed) = error {
                throw MilterSettingsError(
                    key: key, message: "invalid value '\(value)'; expected \(allowed)")
            }
            throw MilterSettingsError(key: nil, message: error.description)
        }
        return milter
    }

    /// Formats a settings error as `file:line: key: message` when the key was set in the
    /// file.
    static func located(_ error: MilterSettingsError, in configuration: EngineConfiguration)
        -> String
    {
        let path = configuration.path ?? "(defaults)"
        guard let key = error.key else { return path + ": " + error.message }
        let line = configuration.explicitEntries.last { $0.key == key }?.line
        return ConfigFileError(path: path, line: line, key: key, message: error.message)
            .description
    }

    /// Creates the spool directory (mode 0700) when it is missing, because spooled bodies
    /// may carry PHI.
    static func prepareSpoolDirectory(_ path: String) throws(MilterSettingsError) {
        var status = stat()
        if stat(path, &status) == 0 {
            return
        }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw MilterSettingsError(
                key: DaemonKeys.spoolDirectory,
                message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A milter setting that MilterKit does not accept.
struct MilterSettingsError: Error, CustomStringConvertible {
    let key: String?
    let message: String

    var description: String {
        (key.map { $0 + ": " } ?? "") + message
    }
}
