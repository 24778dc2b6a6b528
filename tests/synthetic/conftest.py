"""Shared fixtures for the generator tests: one engine and a small cached sample."""

from __future__ import annotations

import pytest

from referrals.contract import Referral
from referrals.synthetic.config import load_generator_config
from referrals.synthetic.generator import Engine
from referrals.synthetic.scenario import Scenario
from referrals.synthetic.voices import Rendered

SAMPLE_SIZE = 600


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The default configuration, seed 5."""
    return Engine.build(load_generator_config(), seed=5)


@pytest.fixture(scope="session")
def sample(engine: Engine) -> list[tuple[Referral, Scenario, Rendered]]:
    """A few hundred records with the scenario and rendering behind each."""
    return [engine.record(index) for index in range(SAMPLE_SIZE)]
