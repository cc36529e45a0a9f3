/* libmilter for Swift. stdbool.h comes first: without it mfapi.h defines its own bool,
 * which clashes with the one Swift's C importer expects. */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

/* SMFI_VERSION as a function, because a macro that depends on other macros may not
 * import into Swift. */
static inline int tlsguard_smfi_version(void) {
    return SMFI_VERSION;
}

/* Calls smfi_setmlreply, which is variadic and so cannot be called from Swift, with
 * `count` lines (1 to 32, the most libmilter accepts). The unused arguments are NULL,
 * where libmilter stops reading. Returns MI_FAILURE for any other count. */
static inline int tlsguard_setmlreply(SMFICTX *ctx, char *rcode, char *xcode,
                                      char *const *lines, int count) {
    if (count < 1 || count > 32 || lines == NULL) {
        return MI_FAILURE;
    }
    char *p[33] = {0};
    for (int i = 0; i < count; i++) {
        p[i] = lines[i];
    }
    return smfi_setmlreply(ctx, rcode, xcode, p[0], p[1], p[2], p[3], p[4], p[5], p[6],
                           p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15],
                           p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24],
                           p[25], p[26], p[27], p[28], p[29], p[30], p[31], p[32]);
}
