"""Reading and writing documents: formats, size limits, syntax errors with line and column."""

import builtins
import json
from decimal import Decimal
from pathlib import Path

import pytest

from aftersales_core import ConfigError, InvalidTypeError, ValidationError
from aftersales_core.commitment import ServiceCommitment
from aftersales_core.config import (
    MAX_DOCUMENT_SIZE,
    MissingExtraError,
    dump_commitment,
    load_commitment,
    loads_commitment,
)
from aftersales_core.config._documents import detect
from aftersales_core.policies import RefundRule, WarrantyPolicy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "commitments"
REFUND_TOML = """
name = "Dịch thuật Sao Việt"

[[policies]]
kind = "refund"
tiers = [{ min_error_rate = 0.2, refund_ratio = 1 }]
"""


def test_toml_floats_are_read_exactly_from_their_text():
    commitment = loads_commitment(REFUND_TOML)
    tier = commitment.policies[0].tiers[0]
    assert (tier.min_error_rate, tier.refund_ratio) == (Decimal("0.2"), Decimal(1))
    assert isinstance(tier.min_error_rate, Decimal)
    underscored = loads_commitment(REFUND_TOML.replace("0.2", "0.000_2"))
    assert underscored.policies[0].tiers[0].min_error_rate == Decimal("0.0002")


def test_json_numbers_are_read_exactly_and_text_is_accepted_too():
    text = '{"name": "S", "policies": [{"kind": "refund", "tiers": [%s]}]}'
    as_number = loads_commitment(text % '{"min_error_rate": 0.1, "refund_ratio": 0.3}')
    as_text = loads_commitment(text % '{"min_error_rate": "0.1", "refund_ratio": "0.3"}')
    assert as_number == as_text
    assert as_number.policies[0].tiers[0].refund_ratio == Decimal("0.3")


def test_the_format_is_detected_or_given():
    assert loads_commitment('  {"name": "Shop"}').name == "Shop"
    assert loads_commitment('name = "Shop"', format="toml").name == "Shop"
    with pytest.raises(ConfigError, match="line 1, column 1"):
        loads_commitment('name = "Shop"', format="json")
    with pytest.raises(ValidationError, match="format: 'yaml' must be 'toml' or 'json'"):
        loads_commitment("name: Shop", format="yaml")


def test_a_byte_order_mark_is_ignored():
    assert loads_commitment('\ufeffname = "Shop"').name == "Shop"


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ('name = "Shop"\nversion = ', 2, 11, "Invalid value"),
        ('name = "Shop"\nname = "Other"', 2, 15, "Cannot overwrite a value"),
        ('name = "Shop"\n[[policies]\nkind = "refund"', 2, 11, "Expected ']]'"),
        ('name = "unterminated', 1, 21, "Unterminated string"),
        ('{"name": "Shop",\n  }', 2, 3, "Expecting property name enclosed in double quotes"),
        ('{"name": "Shop"', 1, 16, "Expecting ',' delimiter"),
    ],
)
def test_malformed_documents_say_where(text, line, column, problem):
    with pytest.raises(ConfigError) as caught:
        loads_commitment(text)
    err = caught.value
    assert (err.line, err.column, err.path) == (line, column, "")
    assert err.problem.startswith(problem)
    assert str(err).startswith(f"line {line}, column {column}: ")


@pytest.mark.parametrize(
    ("text", "format", "problem"),
    [
        ('{"name": NaN}', "json", "NaN is not a number a document can hold"),
        ('{"name": -Infinity}', "json", "-Infinity is not a number"),
        ('{"name": "a", "name": "b"}', "json", "the key 'name' appears twice in one object"),
        ('{"name": %s}' % ("9" * 5000), "json", "Exceeds the limit"),
        ("version = %s" % ("9" * 5000), "toml", "Exceeds the limit"),
        ("[" * 100_000 + "]" * 100_000, "json", "nested too deeply"),
        ("a = " + "[" * 100_000 + "]" * 100_000, "toml", "nested too deeply"),
    ],
)
def test_unreadable_values_are_config_errors(text, format, problem):
    with pytest.raises(ConfigError, match=problem):
        loads_commitment(text, format=format)


def test_documents_over_the_size_limit_are_refused_unparsed():
    text = 'name = "Shop"\n' + "# padding\n" * 20
    with pytest.raises(ConfigError, match="has 214 characters, over the limit of 100"):
        loads_commitment(text, max_size=100)
    assert loads_commitment(text, max_size=len(text)).name == "Shop"
    assert MAX_DOCUMENT_SIZE == 1_048_576


def test_only_text_is_parsed():
    with pytest.raises(InvalidTypeError, match="text: b'name' must be the document's text"):
        loads_commitment(b"name")


def test_load_commitment_reads_files_by_suffix(tmp_path):
    (tmp_path / "a.toml").write_text('name = "Shop"', encoding="utf-8")
    (tmp_path / "a.json").write_text('{"name": "Shop"}', encoding="utf-8")
    (tmp_path / "a.txt").write_text('{"name": "Shop"}', encoding="utf-8")
    (tmp_path / "b.json").write_text('name = "Shop"', encoding="utf-8")
    assert {load_commitment(tmp_path / n).name for n in ("a.toml", "a.json", "a.txt")} == {"Shop"}
    with pytest.raises(ConfigError, match="line 1, column 1"):
        load_commitment(tmp_path / "b.json")
    with pytest.raises(FileNotFoundError):
        load_commitment(tmp_path / "missing.toml")


def test_load_commitment_refuses_large_and_non_utf8_files(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text('name = "Shop"\n' + "#" * 200, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"big\.toml is over the limit of 100 bytes"):
        load_commitment(big, max_size=100)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Shop"\naddress = "Hà"'.encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load_commitment(latin)
    assert (caught.value.line, caught.value.column) == (2, 13)
    assert "latin.toml is not UTF-8 text" in str(caught.value)


@pytest.mark.parametrize("name", ["translation_company", "electronics_shop"])
def test_the_examples_load(name):
    commitment = load_commitment(EXAMPLES / f"{name}.toml")
    assert commitment.version == "2026.1"
    assert loads_commitment(dump_commitment(commitment)) == commitment


def test_dump_writes_json_with_the_defaults_left_out():
    shop = ServiceCommitment(name="Shop", policies=[WarrantyPolicy(term="lifetime")])
    text = dump_commitment(shop)
    assert json.loads(text) == {
        "name": "Shop",
        "policies": [{"kind": "warranty", "term": "lifetime"}],
    }
    assert text.endswith("}\n")
    assert "Dịch" in dump_commitment(ServiceCommitment(name="Dịch thuật"))  # not \\u escapes


def test_dump_writes_toml_with_tomli_w():
    pytest.importorskip("tomli_w")
    commitment = loads_commitment(REFUND_TOML)
    text = dump_commitment(commitment, "toml")
    assert 'kind = "refund"' in text
    assert loads_commitment(text) == commitment


def test_toml_output_without_tomli_w_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def no_tomli_w(name, *args, **kwargs):
        if name == "tomli_w":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tomli_w)
    with pytest.raises(MissingExtraError, match=r"pip install 'aftersales-core\[toml\]'") as caught:
        dump_commitment(ServiceCommitment(name="Shop"), "toml")
    assert isinstance(caught.value, ImportError)
    assert caught.value.code == "missing_extra"


def test_dump_refuses_what_is_not_a_commitment():
    with pytest.raises(InvalidTypeError, match=r"commitment: .* must be a ServiceCommitment"):
        dump_commitment(RefundRule)
    with pytest.raises(ValidationError, match="format: 'yaml'"):
        dump_commitment(ServiceCommitment(name="Shop"), "yaml")


# --- JSON is detected by its first character, '{' or '[' ---------------------------------


@pytest.mark.parametrize("text", ["[1, 2]", "  \n[]", '[{"name": "Shop"}]', "\ufeff[1]"])
def test_a_top_level_array_is_read_as_json_and_refused_clearly(text):
    with pytest.raises(ConfigError, match="must be a table, not a list"):
        loads_commitment(text)


def test_malformed_json_arrays_get_json_errors():
    with pytest.raises(ConfigError, match="Expecting ',' delimiter"):
        loads_commitment("[1 2]")


def test_a_byte_order_mark_before_json_is_ignored():
    assert loads_commitment('\ufeff  {"name": "Shop"}').name == "Shop"


def test_detect_looks_at_the_first_character_after_blanks_and_a_byte_order_mark():
    assert [detect(t) for t in ('{"a": 1}', " [1]", "\ufeff{}", 'name = "x"', "# [1]")] == [
        "json",
        "json",
        "json",
        "toml",
        "toml",
    ]
