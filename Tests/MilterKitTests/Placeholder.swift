// Tests of this target go here.
