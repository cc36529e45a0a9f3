/* Reads the macros that libmilter stored for a connection without calling
 * smfi_getsymval, which reads past the end of a macro list with an odd number of strings.
 *
 * How libmilter stores macros (engine.c, smfi.c and libmilter.h of sendmail 8.14 and
 * later, checked against Debian 12's libmilter 8.17.1.9): a macro packet is a stage byte
 * followed by NUL-terminated strings, name, value, name, value. st_macros() splits the
 * strings into a malloc'd array of pointers ending in NULL (dec_argv). It keeps the array
 * in ctx->ctx_mac_ptr[stage] and the packet buffer in ctx->ctx_mac_buf[stage], and never
 * checks that the count is even. A packet "j\0x\0{client_addr}\0" therefore becomes
 * { "j", "x", "{client_addr}", NULL }. smfi_getsymval() steps through such an array two
 * entries at a time and tests only the entry it lands on for NULL. A lookup of a name that
 * is not in the list steps over the terminating NULL, reads the pointer after the end of
 * the array and passes it to strcmp: a crash (SIGSEGV) or a read of freed heap memory.
 * Postfix and sendmail never send such a packet, but any peer that can write to the milter
 * socket can.
 *
 * The functions below walk the same arrays one entry at a time, so they never pass the
 * terminating NULL. They need the layout of libmilter's private struct smfi_str, which the
 * mirror below declares up to ctx_privdata with the same C types. Every call first checks
 * the mirror against the context (tlsguard_macro_layout_matches). When the check fails,
 * for example with another libmilter build, the functions report the layout as unknown and
 * the caller falls back to smfi_getsymval. */

#include <stdbool.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <libmilter/mfapi.h>

/* The number of macro lists since libmilter 8.14 (MAX_MACROS_ENTRIES): connect,
 * HELO, MAIL, RCPT, DATA, end of message and end of headers, indexed as in smfi_setsymlist. */
#define TLSGUARD_MACRO_LISTS 7

/* The members of libmilter's struct smfi_str up to ctx_privdata, in order, with the types
 * of libmilter.h (sthread_t is pthread_t, socket_t is int, smfiDesc_ptr is a pointer). */
struct tlsguard_smfi_context {
    pthread_t id;
    int socket_descriptor;
    int debug_level;
    time_t timeout;
    int state;
    void *description;
    int protocol_version;
    unsigned long action_flags;
    unsigned long protocol_flags;
    unsigned long protocol_flags_to_mta;
    int protocol_version_to_mta;
    char **macro_pointers[TLSGUARD_MACRO_LISTS];
    char *macro_buffers[TLSGUARD_MACRO_LISTS];
    char *macro_requests[TLSGUARD_MACRO_LISTS];
    char *reply;
    void *private_data;
};

/* Returns 1 when `ctx` matches the mirrored layout, and 0 otherwise or when no private
 * data is set yet. MilterKit sets the private data before it reads any macro. The pointer
 * must sit where the mirror expects it, and each stored macro list must start one byte
 * into its packet buffer, after the stage byte. */
static inline int tlsguard_macro_layout_matches(SMFICTX *ctx) {
    if (ctx == NULL) {
        return 0;
    }
    void *private_data = smfi_getpriv(ctx);
    const struct tlsguard_smfi_context *mirror = (const struct tlsguard_smfi_context *)ctx;
    if (private_data == NULL || mirror->private_data != private_data) {
        return 0;
    }
    for (int list = 0; list < TLSGUARD_MACRO_LISTS; list++) {
        char **strings = mirror->macro_pointers[list];
        char *buffer = mirror->macro_buffers[list];
        if (strings != NULL && buffer != NULL && strings[0] != buffer + 1) {
            return 0;
        }
    }
    return 1;
}

/* Returns the stored macro list of stage `list` (0 to 6), or NULL when there is none.
 * Call only after tlsguard_macro_layout_matches returned 1 for `ctx`. */
static inline char **tlsguard_macro_list(SMFICTX *ctx, int list) {
    const struct tlsguard_smfi_context *mirror = (const struct tlsguard_smfi_context *)ctx;
    if (list < 0 || list >= TLSGUARD_MACRO_LISTS || mirror->macro_buffers[list] == NULL) {
        return NULL;
    }
    return mirror->macro_pointers[list];
}

/* Returns 1 when `stored` is the macro `name`. As smfi_getsymval does, "{x}" also matches
 * a stored "x", and "x" a stored "{x}". */
static inline int tlsguard_macro_name_matches(const char *stored, const char *name) {
    if (strcmp(stored, name) == 0) {
        return 1;
    }
    size_t length = strlen(name);
    size_t stored_length = strlen(stored);
    if (length == 3 && name[0] == '{' && name[2] == '}') {
        return stored_length == 1 && stored[0] == name[1];
    }
    if (length == 1) {
        return stored_length == 3 && stored[0] == '{' && stored[1] == name[0]
            && stored[2] == '}';
    }
    return 0;
}

/* Looks `name` up as smfi_getsymval does, from the last stage's list back to the connect
 * list, but stepping one entry at a time. A name in the last position of a list with an
 * odd number of strings has no value and is skipped. Returns 1 and stores the value, or
 * NULL when the macro is not defined, in *value. Returns 0 without touching *value when
 * the layout of `ctx` is unknown. */
static inline int tlsguard_getsymval(SMFICTX *ctx, const char *name, char **value) {
    if (name == NULL || value == NULL || !tlsguard_macro_layout_matches(ctx)) {
        return 0;
    }
    for (int list = TLSGUARD_MACRO_LISTS - 1; list >= 0; list--) {
        char **strings = tlsguard_macro_list(ctx, list);
        for (size_t index = 0; strings != NULL && strings[index] != NULL; index += 2) {
            if (strings[index + 1] == NULL) {
                break;
            }
            if (tlsguard_macro_name_matches(strings[index], name)) {
                *value = strings[index + 1];
                return 1;
            }
        }
    }
    *value = NULL;
    return 1;
}

/* Returns a bit mask with bit `list` set for each stored macro list that has an odd number
 * of strings, so that its last name has no value, or -1 when the layout of `ctx` is
 * unknown. */
static inline int tlsguard_macro_lists_with_missing_value(SMFICTX *ctx) {
    if (!tlsguard_macro_layout_matches(ctx)) {
        return -1;
    }
    int mask = 0;
    for (int list = 0; list < TLSGUARD_MACRO_LISTS; list++) {
        char **strings = tlsguard_macro_list(ctx, list);
        size_t count = 0;
        while (strings != NULL && strings[count] != NULL) {
            count++;
        }
        if (count % 2 == 1) {
            mask |= 1 << list;
        }
    }
    return mask;
}
