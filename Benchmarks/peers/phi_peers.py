#!/usr/bin/env python3
"""Measure peer matchers on the PHI benchmark corpus, with tlsguard's terms and shapes.

  phi_peers.py CORPUS TERMS [--presidio-mb N]

CORPUS is the file `phi-benchmark generate` writes: records separated by NUL bytes, each
the message kind, byte 0x01 and the text, of which the peers scan the text. TERMS is the
file `phi-benchmark terms` writes, one term per line. Every peer scans every message
separately, as a mail filter would, and the figure is MB of text per CPU second, with
MB = 10^6 bytes as in phi-benchmark:

- hyperscan: one database of all terms (whole words, ignoring case) and all numeric shapes,
  block mode, counting matches in a callback; once with every shape match reported and
  once with at most one match per pattern and message. A third run matches the terms
  as plain literals without word boundaries or shapes, the easiest form of the work.
- pyahocorasick: one automaton of all terms over the lower-cased text, keeping whole-word
  matches; then the numeric shapes with Python's re module. Both figures are printed.
- presidio: AnalyzerEngine with no NLP model (NoOpNlpEngine) and pattern recognizers only:
  its US SSN, ITIN, credit card, date, medical licence (DEA) and ABA routing recognizers,
  pattern recognizers for the other shapes, and a deny-list recognizer of all terms. It is
  measured on the first N MB (default 2) because it runs at a few MB/s.
"""
import argparse
import re
import sys
import time

from phi_patterns import NUMERIC_PATTERNS

# Bytes in one MB of the figures printed, as in phi-benchmark.
BYTES_PER_MB = 1_000_000


def read_corpus(path):
    """Return the message texts; each record is the kind, byte 0x01 and the text."""
    with open(path, "rb") as handle:
        records = [record for record in handle.read().split(b"\0") if record]
    return [record.split(b"\x01", 1)[-1] for record in records]


def read_terms(path):
    with open(path, encoding="utf-8") as handle:
        return sorted({line.strip().lower() for line in handle if line.strip()})


def report(name, megabytes, seconds, matches, note=""):
    rate = megabytes / seconds if seconds > 0 else float("inf")
    print(f"{name:24s} MB={megabytes:7.1f} cpu_seconds={seconds:8.3f} MB/s={rate:8.1f} "
          f"matches={matches}{' ' + note if note else ''}", flush=True)


def term_regex(term):
    """Whole-word regex for a term whose separators match any run of non-word bytes."""
    words = re.split(r"[^a-z0-9\x80-\uffff]+", term)
    return r"\b" + r"[\W_]+".join(re.escape(word) for word in words if word) + r"\b"


def scan_with_hyperscan(messages, expressions, flags):
    """Compile one block-mode database and count matches over every message."""
    import hyperscan

    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=list(range(len(expressions))), flags=flags)
    scratch = hyperscan.Scratch(database)
    count = [0]

    def on_match(pattern_id, start, end, flags, context):
        count[0] += 1

    start = time.process_time()
    for message in messages:
        database.scan(message, match_event_handler=on_match, scratch=scratch)
    return time.process_time() - start, count[0]


def run_hyperscan(messages, terms, presence_only):
    """Scan with hyperscan. With presence_only every pattern reports at most one match per
    message, which shows the engine's speed with few Python callbacks."""
    import hyperscan

    single = hyperscan.HS_FLAG_SINGLEMATCH
    expressions = [term_regex(term).encode() for term in terms]
    flags = [hyperscan.HS_FLAG_CASELESS | single] * len(expressions)
    for _, pattern in NUMERIC_PATTERNS:
        expressions.append(pattern.encode())
        flags.append(single if presence_only else 0)
    return scan_with_hyperscan(messages, expressions, flags)


def run_hyperscan_literals(messages, terms):
    """Scan with hyperscan for the terms as plain caseless literals, without word
    boundaries or shapes: the engine's speed on the easiest form of the work."""
    import hyperscan

    expressions = [re.escape(term).encode() for term in terms]
    flags = [hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH] * len(expressions)
    return scan_with_hyperscan(messages, expressions, flags)


def run_pyahocorasick(messages, terms):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        normalized = " ".join(re.split(r"[^a-z0-9\x80-\uffff]+", term)).strip()
        if normalized:
            automaton.add_word(normalized, normalized)
    automaton.make_automaton()
    texts = [message.decode("utf-8", "replace") for message in messages]
    separators = re.compile(r"[\W_]+")

    start = time.process_time()
    count = 0
    for text in texts:
        normalized = separators.sub(" ", text.lower())
        for end, term in automaton.iter(normalized):
            begin = end - len(term) + 1
            if (begin == 0 or normalized[begin - 1] == " ") and (
                end + 1 == len(normalized) or normalized[end + 1] == " "
            ):
                count += 1
    terms_only = time.process_time() - start

    compiled = [re.compile(pattern) for _, pattern in NUMERIC_PATTERNS]
    for text in texts:
        for pattern in compiled:
            count += sum(1 for _ in pattern.finditer(text))
    return terms_only, time.process_time() - start, count


def run_presidio(messages, terms):
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        AbaRoutingRecognizer, CreditCardRecognizer, DateRecognizer, MedicalLicenseRecognizer,
        UsItinRecognizer, UsSsnRecognizer)

    registry = RecognizerRegistry()
    for recognizer in (UsSsnRecognizer, UsItinRecognizer, CreditCardRecognizer, DateRecognizer,
                       MedicalLicenseRecognizer, AbaRoutingRecognizer):
        registry.add_recognizer(recognizer())
    for name, pattern in NUMERIC_PATTERNS:
        registry.add_recognizer(PatternRecognizer(
            supported_entity=f"TLSGUARD_{name.upper()}",
            patterns=[Pattern(name=name, regex=pattern, score=0.5)]))
    registry.add_recognizer(PatternRecognizer(
        supported_entity="TLSGUARD_TERM", deny_list=terms, deny_list_score=0.5))
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    nlp_engine.load()
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                            supported_languages=["en"])
    texts = [message.decode("utf-8", "replace") for message in messages]

    start = time.process_time()
    count = 0
    for text in texts:
        count += len(engine.analyze(text=text, language="en"))
    return time.process_time() - start, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("terms")
    parser.add_argument("--presidio-mb", type=float, default=2.0)
    arguments = parser.parse_args()

    messages = read_corpus(arguments.corpus)
    terms = read_terms(arguments.terms)
    megabytes = sum(len(message) for message in messages) / BYTES_PER_MB
    print(f"corpus messages={len(messages)} MB={megabytes:.1f} terms={len(terms)} "
          f"shapes={len(NUMERIC_PATTERNS)}", flush=True)

    seconds, matches = run_hyperscan(messages, terms, presence_only=False)
    report("hyperscan", megabytes, seconds, matches, "(every shape match)")
    seconds, matches = run_hyperscan(messages, terms, presence_only=True)
    report("hyperscan-presence", megabytes, seconds, matches, "(first match per pattern)")
    seconds, matches = run_hyperscan_literals(messages, terms)
    report("hyperscan-literals", megabytes, seconds, matches, "(terms as literals only)")

    terms_only, both, matches = run_pyahocorasick(messages, terms)
    report("pyahocorasick-terms", megabytes, terms_only, "-", "(terms only)")
    report("pyahocorasick+re", megabytes, both, matches, "(terms, then shapes with re)")

    subset, size = [], 0
    for message in messages:
        if size >= arguments.presidio_mb * BYTES_PER_MB:
            break
        subset.append(message)
        size += len(message)
    try:
        seconds, matches = run_presidio(subset, terms)
        report("presidio-patterns", size / BYTES_PER_MB, seconds, matches,
               f"(first {size / BYTES_PER_MB:.1f} MB)")
    except ImportError as error:
        print(f"presidio-patterns        not measured: {error}", file=sys.stderr)


if __name__ == "__main__":
    main()
