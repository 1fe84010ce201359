"""The search engine behind the product: the only place that knows Whoosh's insides."""
