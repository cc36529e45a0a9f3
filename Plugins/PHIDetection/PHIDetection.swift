// The PHIDetection plugin.
