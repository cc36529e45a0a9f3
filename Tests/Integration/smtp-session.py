#!/usr/bin/env python3
"""smtp-session.py - run one scripted SMTP session and print every reply as JSON.

Reads a plan from standard input:
  {"host": "127.0.0.1", "port": 2525, "helo": "client.example",
   "steps": [{"starttls": true},
             {"mail": "<bob@example.com>", "rcpt": ["<carol@example.org>"],
              "data_file": "/path/message.eml"},
             {"rset": true},
             {"mail": "<>", "rcpt": ["<x@example.org> NOTIFY=NEVER"], "abort": true},
             {"sleep": 2.5}]}

"mail" and each "rcpt" entry are sent as written after "MAIL FROM:" and "RCPT TO:", so
ESMTP parameters and unusual quoting reach the server unchanged. "data_file" is sent
as bytes with CRLF line ends expected; dot-stuffing is added here. "abort" ends the
transaction with RSET instead of DATA. "sleep" keeps the session idle for that many
seconds and records a reply of 0 with no text. Writes {"steps": [[[code, text], ...], ...]}
to standard output; a session that breaks off reports code 0 with the error text.
"""
import json
import smtplib
import ssl
import sys
import time


def transaction(client, step):
    replies = [list(client.docmd("MAIL FROM:" + step["mail"]))]
    for recipient in step.get("rcpt", []):
        replies.append(list(client.docmd("RCPT TO:" + recipient)))
    if step.get("abort"):
        replies.append(list(client.docmd("RSET")))
        return replies
    code, text = client.docmd("DATA")
    replies.append([code, text])
    if code != 354:
        client.docmd("RSET")
        return replies
    with open(step["data_file"], "rb") as handle:
        data = handle.read()
    data = smtplib._quote_periods(data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    client.send(data + b".\r\n")
    replies.append(list(client.getreply()))
    return replies


def run(plan):
    client = smtplib.SMTP(plan["host"], plan["port"], local_hostname=plan.get("helo", "client.example"), timeout=plan.get("timeout", 120))
    results = []
    try:
        client.ehlo()
        for step in plan["steps"]:
            if step.get("starttls"):
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                code, text = client.starttls(context=context)
                client.ehlo()
                results.append([[code, text]])
            elif "sleep" in step:
                time.sleep(step["sleep"])
                results.append([[0, ""]])
            elif step.get("rset"):
                results.append([list(client.docmd("RSET"))])
            else:
                results.append(transaction(client, step))
        client.quit()
    except (smtplib.SMTPException, OSError) as error:
        results.append([[0, str(error)]])
    return results


def main():
    plan = json.load(sys.stdin)
    results = run(plan)
    json.dump({"steps": [[[code, text.decode("utf-8", "replace") if isinstance(text, bytes) else text] for code, text in step] for step in results]}, sys.stdout)


if __name__ == "__main__":
    main()
