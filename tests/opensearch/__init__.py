"""A real OpenSearch cluster for the tests: the Java launcher of one node, and three of them started together."""
