"""schemathesis over the whole API, on both stores: every generated request (all checks, a fixed budget of
examples per operation) gets a documented answer — no server error, nothing outside the schema."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from policykg.api.app import LOCAL_HOSTS, create_app
from policykg.graph.memory import MemoryStore
from policykg.ingest.pipeline import ingest_corpus
from policykg.queries.engine import QueryEngine

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EXAMPLES = int(os.environ.get("POLICYKG_FUZZ_EXAMPLES", "50"))
HOSTS = (*LOCAL_HOSTS, "testserver")  # the in-process ASGI client's Host
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def embedded_schema(tmp_path_factory):
    store = MemoryStore(tmp_path_factory.mktemp("fuzz"))
    store.load_corpus(ingest_corpus(CORPUS).documents)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(lambda: QueryEngine(store, CORPUS), HOSTS))


@pytest.fixture(scope="module")
def neo4j_schema(neo4j_server):
    from policykg.graph.store import open_store

    store = open_store("neo4j", uri=neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    store.run("MATCH (n) DETACH DELETE n", write=True)
    store.load_corpus(ingest_corpus(CORPUS).documents)
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(lambda: QueryEngine(store, CORPUS), HOSTS))
    store.close()


def fuzz(schema) -> dict[str, int]:
    """Every operation of the schema, EXAMPLES generated requests each (all checks); examples per operation.
    (A loop over the operations rather than schemathesis' pytest plugin, whose fixture loader does not
    run under pytest 9.)"""
    examples: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        examples[label] = 0

        _run(operation.as_strategy(), examples, label)
    return examples


def _run(strategy, examples: dict[str, int], label: str) -> None:
    @FUZZ
    @given(case=strategy)
    def run(case):
        examples[label] += 1
        case.call_and_validate()

    run()


def test_embedded_api_answers_every_generated_request_within_its_schema(embedded_schema):
    examples = fuzz(embedded_schema)
    print(f"schemathesis embedded: {len(examples)} operations, {sum(examples.values())} requests, "
          f"per operation {min(examples.values())}–{max(examples.values())}: {examples}")
    assert len(examples) >= 20 and min(examples.values()) >= 1
    assert sum(n < EXAMPLES for n in examples.values()) <= 1  # only /healthz, which takes no input


@pytest.mark.neo4j
def test_neo4j_api_answers_every_generated_request_within_its_schema(neo4j_schema):
    examples = fuzz(neo4j_schema)
    print(f"schemathesis neo4j: {len(examples)} operations, {sum(examples.values())} requests")
    assert len(examples) >= 20 and min(examples.values()) >= 1
    assert sum(n < EXAMPLES for n in examples.values()) <= 1  # only /healthz, which takes no input
