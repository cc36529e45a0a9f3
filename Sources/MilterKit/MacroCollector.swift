import Logging

/// Copies the configured macros that libmilter stored for a connection into its session,
/// and logs macro packets that MilterKit cannot read in full.
enum MacroCollector {
    /// Saves every configured macro the MTA has sent so far, under the stage that is
    /// running, so that a macro sent at an unexpected stage is kept too.
    static func save(_ session: MilterSession, context: MilterContext, stage: MacroStage) {
        reportUnreadableMacros(session, context: context)
        for name in session.configuration.allMacroNames {
            if let value = context.macro(name) {
                session.saveMacro(name, value: value, stage: stage)
            }
        }
    }

    /// Logs a warning, once per stage and connection, for a macro packet with an odd number
    /// of strings. Postfix and sendmail never send one, so it comes from another peer with
    /// access to the milter socket. Its last name has no value, and `MilterContext.macro`
    /// ignores it.
    private static func reportUnreadableMacros(_ session: MilterSession, context: MilterContext) {
        guard let stages = context.unpairedMacroStages() else {
            reportUnknownLayout(session)
            return
        }
        for stage in stages where session.loggedUnpairedMacroStages.insert(stage).inserted {
            session.logger.warning(
                "macro ignored",
                [
                    "stage": stage.logName,
                    "reason": "the peer sent a macro packet with an odd number of strings, "
                        + "so its last macro name has no value",
                ])
        }
    }

    /// Logs a warning, once per process, when the layout of libmilter's connection context
    /// is not the one CMilter's macros.h mirrors.
    private static func reportUnknownLayout(_ session: MilterSession) {
        guard let runtime = MilterRuntime.current,
            !runtime.unknownMacroLayoutLogged.exchange(true, ordering: .relaxed)
        else {
            return
        }
        session.logger.warning(
            "libmilter context layout unknown",
            [
                "reason": "this libmilter's struct smfi_str differs from the one CMilter's "
                    + "macros.h mirrors, so macros are read with smfi_getsymval, which "
                    + "crashes on a macro packet with an odd number of strings"
            ])
    }
}
