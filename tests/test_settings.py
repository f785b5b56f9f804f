"""Settings: defaults < GTKG_* environment < flags, and the README documents every one."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import SETTINGS, load_settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_readme_lists_every_setting(setting) -> None:
    assert f"`{setting.env_var}`" in README


def test_environment_overrides_defaults_and_flags_override_environment() -> None:
    env = {"GTKG_PORT": "9001", "GTKG_REFERENCE_LAYER": "false", "GTKG_QUERY_TIMEOUT": "2.5"}
    assert load_settings(environ={})["PORT"] == 8000
    from_env = load_settings(environ=env)
    assert (from_env["PORT"], from_env["REFERENCE_LAYER"], from_env["QUERY_TIMEOUT"]) == (
        9001,
        False,
        2.5,
    )
    assert load_settings({"PORT": 9002}, environ=env)["PORT"] == 9002
    assert load_settings({"PORT": None}, environ=env)["PORT"] == 9001


def test_bad_values_are_refused_with_the_variable_name() -> None:
    with pytest.raises(ValueError, match="GTKG_REFERENCE_LAYER"):
        load_settings(environ={"GTKG_REFERENCE_LAYER": "maybe"})
    with pytest.raises(ValueError, match="GTKG_BASE_IRI"):
        load_settings({"BASE_IRI": "http://example.org/no-slash"}, environ={})
