from tests.workflows.conftest import director_a, legal_a, listener_a  # noqa: F401
