// The MIME parse and decode benchmark.
