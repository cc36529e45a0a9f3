"""Write the generated messages of the Mail library's differential test.

Usage: python3 generate_messages.py OUTPUT_DIR

Python's email package builds each message, so the structure and encodings are Python's
own; the differential test then checks that the Mail parser reads them as Python does.
The set crosses charsets, transfer encodings and structures (single part, attachments
with non-ASCII file names, alternative with HTML, forwarded messages, nesting). Output is
deterministic, so the committed files can be regenerated and compared.
"""
import email.policy
import os
import sys
from email.message import EmailMessage

SAMPLES = [
    ("utf-8", "Patientin Zoë Müller, SSN 372-81-4096"),
    ("iso-8859-1", "Befund für Zoë Müller, Geb. 14.03.1961"),
    ("iso-8859-2", "Pacjent Łukasz Żółć, PESEL 61031412345"),
    ("iso-8859-5", "Пациент Иванов, полис 372814096"),
    ("iso-8859-7", "Ασθενής Παπαδόπουλος 372-81-4096"),
    ("iso-8859-15", "Patient Œuvre, montant 5 €"),
    ("windows-1250", "Pacient Dvořák, rodné číslo 610314/1234"),
    ("windows-1251", "Пациент Петров, 1961-03-14"),
    ("windows-1252", "“Zoë” – DOB 1961-03-14"),
    ("koi8-r", "Пациент Сидоров, СНИЛС 372-814-096 00"),
    ("shift_jis", "患者 山田太郎 生年月日 1961-03-14"),
    ("euc-jp", "患者 山田太郎 保険番号 37281409"),
    ("iso-2022-jp", "患者 山田太郎 1961-03-14"),
    ("gb2312", "患者 张伟 身份证 110101196103141234"),
    ("gb18030", "患者 张伟 病历号 00482913"),
    ("big5", "病人 陳大文 身份證 A123456789"),
    ("euc-kr", "환자 김철수 주민번호 610314-1234567"),
]

ENCODINGS = ["base64", "quoted-printable", "8bit"]


def text_message(charset, text, cte, index):
    message = EmailMessage(policy=email.policy.default)
    message["From"] = "Clinic <clinic@example.org>"
    message["To"] = "records@example.net"
    message["Subject"] = f"Generated {index}: {text[:12]}"
    message.set_content(text + "\n", charset=charset, cte=cte if cte != "8bit" else "8bit")
    return message


def with_attachment(charset, text, index):
    message = text_message(charset, "cover note", "quoted-printable", index)
    data = (text + "\n").encode(charset)
    message.add_attachment(
        data, maintype="text", subtype="plain", filename=f"Befund Zoë {index}.txt",
        params={"charset": charset})
    message.add_attachment(
        b"\x89PNG\r\n\x1a\n\x00\x00binary", maintype="image", subtype="png",
        filename="scan.png")
    return message


def alternative(charset, text, index):
    message = text_message(charset, text, "base64", index)
    message.add_alternative(
        f"<html><body><p>{text}</p></body></html>\n", subtype="html", charset=charset)
    return message


def forwarded(inner, index):
    message = EmailMessage(policy=email.policy.default)
    message["From"] = "Forwarder <fwd@example.org>"
    message["To"] = "dest@example.net"
    message["Subject"] = f"Fwd: generated {index}"
    message.set_content("See the forwarded message.\n")
    message.add_attachment(inner)
    return message


def build_all():
    messages = []
    index = 0
    for charset, text in SAMPLES:
        for cte in ENCODINGS:
            if cte == "8bit" and charset in ("iso-2022-jp",):
                continue
            index += 1
            messages.append((f"gen{index:03d}_{charset}_{cte}", text_message(charset, text, cte, index)))
        index += 1
        messages.append((f"gen{index:03d}_{charset}_attachment", with_attachment(charset, text, index)))
        index += 1
        messages.append((f"gen{index:03d}_{charset}_alternative", alternative(charset, text, index)))
        index += 1
        inner = alternative(charset, text, index)
        messages.append((f"gen{index:03d}_{charset}_forwarded", forwarded(inner, index)))
    return messages


def main():
    output = sys.argv[1]
    os.makedirs(output, exist_ok=True)
    for name, message in build_all():
        data = message.as_bytes(policy=email.policy.SMTP)
        with open(os.path.join(output, name + ".eml"), "wb") as handle:
            handle.write(data)


if __name__ == "__main__":
    main()
