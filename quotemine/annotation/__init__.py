"""Base annotation: the razdel tokenizer and the natasha (slovnet) backend.

quotemine's own components read only standard spaCy attributes, so this embedded
backend and the ``ru_core_news_*`` pipelines are interchangeable; see ``backends.load_nlp``.
"""
