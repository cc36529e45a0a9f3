/* libmilter for Swift. stdbool.h comes first: without it mfapi.h defines its own bool,
 * which clashes with the one Swift's C importer expects. */
#include <stdbool.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <libmilter/mfapi.h>
