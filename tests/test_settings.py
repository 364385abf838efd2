import json
import subprocess
import sys
from pathlib import Path

import pytest

from trendscope.settings import SettingsError, load_settings

TOML = """
partitions = 3
web_port = 7000
[score]
w1 = 0.5
w2 = 0.25
[windows]
allowed_lateness_seconds = 120
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("TRENDSCOPE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "trendscope.toml").write_text(TOML)
    return tmp_path


def test_precedence_env_over_dotenv_over_toml_over_defaults(workdir, monkeypatch):
    (workdir / ".env").write_text("TRENDSCOPE_WEB_PORT=7100\nTRENDSCOPE_SCORE__W2=0.2\n")
    monkeypatch.setenv("TRENDSCOPE_SCORE__W2", "0.1")
    settings = load_settings()
    assert settings.partitions == 3  # TOML over default
    assert settings.web_port == 7100  # .env over TOML
    assert settings.score.w2 == 0.1  # environment over .env
    assert settings.score.w1 == 0.5  # TOML
    assert settings.score.w3 == 0.3  # default (the seed's)
    assert settings.windows.allowed_lateness_seconds == 120


def test_explicit_config_file(workdir):
    other = workdir / "other.toml"
    other.write_text("partitions = 9\n")
    assert load_settings(config_file=other).partitions == 9


@pytest.mark.parametrize(("env", "key"), [
    ({"TRENDSCOPE_PARTITIONS": "0"}, "partitions"),
    ({"TRENDSCOPE_BROKER_URL": "http://x:9092"}, "broker_url"),
    ({"TRENDSCOPE_SCORE__VARIANT": "magic"}, "score.variant"),
    ({"TRENDSCOPE_WINDOWS__HOPPING_STEP_SECONDS": "7"}, "windows"),
])
def test_bad_value_names_the_key(workdir, monkeypatch, env, key):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert key in str(caught.value)


def test_unknown_key_in_toml_is_an_error(workdir):
    (workdir / "config" / "trendscope.toml").write_text("partitons = 3\n")
    with pytest.raises(SettingsError, match="partitons"):
        load_settings()


def _run(args, workdir, **env):
    clean = {k: v for k, v in __import__("os").environ.items() if not k.startswith("TRENDSCOPE_")}
    return subprocess.run([sys.executable, *args], cwd=workdir, env={**clean, **env},
                          capture_output=True, text=True, timeout=60)


def test_cli_exits_2_naming_the_key_without_traceback(workdir):
    result = _run(["-m", "trendscope", "config", "show"], workdir, TRENDSCOPE_WEB_PORT="abc")
    assert result.returncode == 2
    assert "web_port" in result.stderr and "TRENDSCOPE_WEB_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_worker_exits_2_on_bad_config(workdir):
    result = _run(["-m", "faust", "-A", "trendscope.app", "worker"], workdir,
                  TRENDSCOPE_PARTITIONS="-4")
    assert result.returncode == 2
    assert "partitions" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_show_masks_secrets(workdir):
    result = _run(["-m", "trendscope", "config", "show"], workdir,
                  TRENDSCOPE_TMDB__BEARER_TOKEN="tok-very-secret-123",
                  TRENDSCOPE_REDDIT__CLIENT_SECRET="reddit-secret-456")
    assert result.returncode == 0, result.stderr
    assert "tok-very-secret-123" not in result.stdout
    assert "reddit-secret-456" not in result.stdout
    assert '"bearer_token": "**********"' in result.stdout
    assert '"partitions": 3' in result.stdout


def test_rocksdb_bounds_reach_faust_options_fresh_each_time(workdir, monkeypatch):
    monkeypatch.setenv("TRENDSCOPE_ROCKSDB__BLOCK_CACHE_MB", "3")
    rocksdb = load_settings().rocksdb
    first = rocksdb.options()
    assert first["block_cache_size"] == 3 * 1024 * 1024
    assert first["write_buffer_size"] < 64 * 1024 * 1024  # below Faust's default
    first.pop("block_cache_size")  # Faust pops from the dict it is given
    assert rocksdb.options()["block_cache_size"] == 3 * 1024 * 1024


def test_replication_from_the_environment_is_not_merged_with_the_shipped_config(workdir, monkeypatch):
    shipped = Path(__file__).parents[1] / "config" / "trendscope.toml"
    wanted = {"class": "NetworkTopologyStrategy", "dc1": 3}
    monkeypatch.setenv("TRENDSCOPE_STORE__REPLICATION", json.dumps(wanted))
    assert load_settings(config_file=shipped).store.replication == wanted
