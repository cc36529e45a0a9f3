/* libresolv for Swift: MX, TXT and TLSA lookups with access to the AD bit. */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <netdb.h>
