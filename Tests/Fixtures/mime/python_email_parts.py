"""Print how Python's email package (policy default) parses each message file.

Usage: python3 python_email_parts.py FILE...

Writes one JSON object mapping each FILE to a list of entities in the order of
Message.walk(): content_type, filename, and for text parts other than text/html the
decoded text (get_content(); undecodable charsets fall back to UTF-8 with replacement).
The Mail library's differential test compares its own parse with this output.
"""
import email
import email.policy
import json
import sys


def decoded_text(part):
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError, ValueError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def describe(path):
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    entities = []
    for part in message.walk():
        entry = {"content_type": part.get_content_type(), "filename": None, "text": None}
        try:
            entry["filename"] = part.get_filename()
        except Exception as error:  # a malformed parameter must not stop the comparison
            entry["filename_error"] = str(error)
        if part.get_content_maintype() == "text" and part.get_content_subtype() != "html":
            if not part.is_multipart():
                entry["text"] = decoded_text(part)
        entities.append(entry)
    return entities


def main():
    result = {}
    for path in sys.argv[1:]:
        try:
            result[path] = describe(path)
        except Exception as error:
            result[path] = {"error": repr(error)}
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
