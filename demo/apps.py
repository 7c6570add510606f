from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo seeding (`seed_demo`) and the load-test corpus (`generate_corpus`).

    Tools only: no models, no URLs, and nothing that serves readers imports
    it (tests/newsroom/test_layers.py).
    """

    name = "demo"
    verbose_name = "Demo"
