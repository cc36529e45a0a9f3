/* OpenSSL 3 for Swift: TLS for the STARTTLS probe and CMS for S/MIME. */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/bio.h>

/* Function forms of OpenSSL macros, which Swift cannot import. */
static inline long tlsguard_ssl_set_sni(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}


/* Treats a peer that closes without close_notify as end of data (OpenSSL 3 reports an
   error otherwise). Callers must check lengths themselves, as the MTA-STS fetch does
   with Content-Length. */
static inline void tlsguard_ssl_ctx_ignore_unexpected_eof(SSL_CTX *context) {
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
}
