// The ExampleSubjectTag plugin.
