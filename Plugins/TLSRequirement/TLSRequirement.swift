// The TLSRequirement plugin.
