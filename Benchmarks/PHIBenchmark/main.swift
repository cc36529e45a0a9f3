// The PHI detection benchmark.
