/* libresolv for Swift: MX, TXT and TLSA lookups with access to the AD bit. */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <netdb.h>
#include <string.h>
#include <arpa/inet.h>

/*
 * Sends one DNS query and writes the raw response into `answer`.
 *
 * `server` is an IPv4 address in dotted form, or NULL to use the name servers of
 * /etc/resolv.conf. `port` is used only with `server`. The query asks for DNSSEC data
 * (EDNS0 with the DO bit); with `keep_ad` nonzero it also sets RES_TRUSTAD, because
 * glibc 2.31 and later clear the AD bit of every response without it.
 *
 * `server_is_loopback` receives 1 when the first name server used is 127.0.0.0/8 or
 * ::1. Returns the response length, or -1 with `*h_error` set to the resolver's
 * h_errno (HOST_NOT_FOUND, NO_DATA, TRY_AGAIN, NO_RECOVERY).
 */
static inline int tlsguard_dns_query(
    const char *server, unsigned short port, int keep_ad, int timeout_seconds,
    const char *name, int type, unsigned char *answer, int answer_size,
    int *server_is_loopback, int *h_error)
{
    struct __res_state state;
    memset(&state, 0, sizeof state);
    if (res_ninit(&state) != 0) {
        *h_error = NO_RECOVERY;
        return -1;
    }
    if (server != NULL) {
        struct sockaddr_in address;
        memset(&address, 0, sizeof address);
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        if (inet_pton(AF_INET, server, &address.sin_addr) != 1) {
            res_nclose(&state);
            *h_error = NO_RECOVERY;
            return -1;
        }
        state.nsaddr_list[0] = address;
        state.nscount = 1;
    }
    *server_is_loopback = 0;
    if (state.nscount > 0 && state.nsaddr_list[0].sin_family == AF_INET) {
        unsigned char first = ((unsigned char *)&state.nsaddr_list[0].sin_addr)[0];
        *server_is_loopback = first == 127;
    } else if (state._u._ext.nsaddrs[0] != NULL
        && state._u._ext.nsaddrs[0]->sin6_family == AF_INET6) {
        *server_is_loopback = IN6_IS_ADDR_LOOPBACK(&state._u._ext.nsaddrs[0]->sin6_addr);
    }
    state.options |= RES_USE_EDNS0 | RES_USE_DNSSEC;
    if (keep_ad) {
        state.options |= RES_TRUSTAD;
    }
    if (timeout_seconds > 0) {
        state.retrans = timeout_seconds;
        state.retry = 1;
    }
    int length = res_nquery(&state, name, C_IN, type, answer, answer_size);
    *h_error = state.res_h_errno;
    res_nclose(&state);
    return length;
}
