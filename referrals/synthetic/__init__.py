"""Synthetic children's social care referrals with labels and exact gold PII spans.

Nobody can share real referrals, so the project ships a generator realistic enough to
train on and to measure a redactor against. See docs/synthetic_data_card.md.
"""

from referrals.synthetic.bias import BiasRule, BiasRuleError, parse_bias_rule
from referrals.synthetic.config import GeneratorConfig, load_generator_config
from referrals.synthetic.generator import generate_referrals, write_synthetic
from referrals.synthetic.stats import format_stats, generation_stats

__all__ = [
    "BiasRule",
    "BiasRuleError",
    "GeneratorConfig",
    "format_stats",
    "generate_referrals",
    "generation_stats",
    "load_generator_config",
    "parse_bias_rule",
    "write_synthetic",
]
