-- tls-header.lua - miltertest script for `tlsguard milter` with the TLS requirement plugin.
--
-- Usage: miltertest -D socket=SPEC -s tls-header.lua
-- Sends one message with TLS macros and one without on the same connection, and checks
-- that each gets the X-TLSGuard-TLS header that matches, that a forged header of that
-- name is deleted, and that the message is accepted.

local conn = mt.connect(socket, 10, 0.5)
assert(conn, "cannot connect to " .. socket)

mt.macro(conn, SMFIC_CONNECT, "j", "mx1.example.net", "{client_addr}", "192.0.2.66")
assert(mt.conninfo(conn, "mail.example.com", "192.0.2.66") == nil, "connect failed")
mt.macro(conn, SMFIC_HELO, "{tls_version}", "TLSv1.2", "{cipher}", "ECDHE-RSA-AES256-GCM-SHA384",
    "{cipher_bits}", "256")
assert(mt.helo(conn, "mail.example.com") == nil, "helo failed")

local function message(queue_id)
    assert(mt.mailfrom(conn, "<bob@example.com>") == nil, "mail failed")
    mt.macro(conn, SMFIC_RCPT, "i", queue_id)
    assert(mt.rcptto(conn, "<carol@example.org>") == nil, "rcpt failed")
    assert(mt.header(conn, "Subject", "lua test") == nil, "header failed")
    assert(mt.header(conn, "X-TLSGuard-TLS", "forged") == nil, "header failed")
    assert(mt.eoh(conn) == nil, "eoh failed")
    assert(mt.bodystring(conn, "body\r\n") == nil, "body failed")
    assert(mt.eom(conn) == nil, "eom failed")
    assert(mt.getreply(conn) == SMFIR_ACCEPT, "message not accepted")
    -- miltertest on Debian 12 matches MT_HDRCHANGE only with all three arguments.
    assert(mt.eom_check(conn, MT_HDRCHANGE, "X-TLSGuard-TLS", ""), "forged header not deleted")
end

message("4LUA1")
assert(mt.eom_check(conn, MT_HDRADD, "X-TLSGuard-TLS",
    " version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256"), "TLS header missing")

mt.disconnect(conn)

conn = mt.connect(socket, 10, 0.5)
assert(conn, "cannot reconnect to " .. socket)
assert(mt.conninfo(conn, "mail.example.com", "192.0.2.66") == nil, "connect failed")
assert(mt.helo(conn, "mail.example.com") == nil, "helo failed")
message("4LUA2")
assert(mt.eom_check(conn, MT_HDRADD, "X-TLSGuard-TLS", " none"), "header 'none' missing")
mt.disconnect(conn)
print("tls-header.lua: ok")
