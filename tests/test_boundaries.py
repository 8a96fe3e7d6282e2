"""The core stays pure: it imports only the third-party packages named here, nothing of the
front ends, and no Discord library at all (the model is click's tests/test_imports.py).

`CORE_MAY_IMPORT` is the allow-list: a package the core needs is added there, with why, in
the same change that uses it. What an allowed package imports in turn is its own business;
only imports made by bot.core's modules count.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

#: Third-party packages (top-level import names) that bot/core may import, and what for.
CORE_MAY_IMPORT: dict[str, str] = {
    "yaml": "reading the fact files",
    "rapidfuzz": "fuzzy matching of names, ids and words",
    "snowballstemmer": "word stems for the matcher",
    "numpy": "the matcher's vectors",
    # The matcher's static embeddings (a model2vec model, read with these two).
    "tokenizers": "the embedding model's tokenizer",
    "safetensors": "reading the embedding model's weights",
}
#: Never, not even through an allowed package: the core must run without Discord.
CORE_MUST_NOT_LOAD = ("discord", "aiohttp", "prometheus_client")

# Runs in a fresh interpreter: record every import made *by a bot.core module* (as click's
# test does for click), then import the whole public core and the modules front ends use.
IMPORT_TRACKER = """
import builtins, json, sys
found = set()
real_import = builtins.__import__

def tracking_import(name, globals=None, locals=None, fromlist=(), level=0):
    module = real_import(name, globals, locals, fromlist, level)
    importer = (globals or {}).get("__name__", "")
    if level == 0 and (importer == "bot.core" or importer.startswith("bot.core.")):
        found.add(name)
    return module

builtins.__import__ = tracking_import
import pkgutil, importlib, bot.core
for info in pkgutil.walk_packages(bot.core.__path__, "bot.core."):
    importlib.import_module(info.name)
builtins.__import__ = real_import
print(json.dumps({"imported": sorted(found), "loaded": sorted(sys.modules)}))
"""


def _third_party(names: set[str]) -> set[str]:
    tops = {name.partition(".")[0] for name in names}
    return {top for top in tops if top not in sys.stdlib_module_names and top != "__future__"}


def _core_imports() -> dict[str, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_TRACKER],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, list[str]] = json.loads(out.stdout)
    return result


def test_the_core_imports_only_allowed_packages_and_nothing_of_the_front_ends() -> None:
    seen = _core_imports()
    imported = set(seen["imported"])
    assert _third_party(imported) - {"bot"} <= CORE_MAY_IMPORT.keys()
    front_end = sorted(n for n in imported if n.startswith("bot.") and not n.startswith("bot.core"))
    assert front_end == [], "bot.core imports the front ends"
    loaded = {name.partition(".")[0] for name in seen["loaded"]}
    assert loaded.isdisjoint(CORE_MUST_NOT_LOAD)


def _static_imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_no_core_module_imports_a_package_off_the_list_even_lazily() -> None:
    problems = []
    for path in sorted((ROOT / "bot" / "core").rglob("*.py")):
        imported = _static_imports(path)
        extra = _third_party(imported) - {"bot"} - CORE_MAY_IMPORT.keys()
        extra |= {n for n in imported if n.startswith("bot.") and not n.startswith("bot.core")}
        if extra:
            problems.append(f"{path.relative_to(ROOT)}: {', '.join(sorted(extra))}")
    assert problems == []


# -- the layers above the core -----------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The bot modules a file imports when it runs (at import time or inside a function),
    leaving out `if TYPE_CHECKING:` blocks, which only the type checker reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules:
            for alias in node.names:  # `from bot.exts import _embeds` imports a module
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
    return found


def _import_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in (ROOT / "bot").rglob("*.py")}
    return {name: _runtime_imports(path, set(paths)) - {name} for name, path in paths.items()}


def test_no_extension_or_helper_imports_the_client_when_it_runs() -> None:
    """The client loads the extensions; they get the client as an argument, never by import
    (shared state lives below both, in bot/knowledge.py)."""
    graph = _import_graph()
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if name.startswith("bot.exts.")
        for target in targets
        if target in {"bot.client", "bot.launcher", "bot.cli"}
        or (
            name.startswith("bot.exts._")
            and target.startswith("bot.exts.")
            and not target.removeprefix("bot.exts.").startswith("_")
        )
    )
    assert upward == []


#: Modules both front ends use: they know neither front end, nor Discord.
SHARED = (
    "wording",
    "knowledge",
    "exits",
    "settings",
    "logs",
    "gaps",
    "status",
    "metrics",
    "health",
)
FRONT_ENDS = ("bot.cli", "bot.chat", "bot.terminal", "bot.launcher", "bot.client", "bot.exts")


def test_the_shared_modules_import_no_front_end_and_no_discord() -> None:
    graph = _import_graph()
    problems = []
    for name in SHARED:
        path = ROOT / "bot" / f"{name}.py"
        upward = {t for t in graph[f"bot.{name}"] if t.startswith(FRONT_ENDS)}
        if "discord" in _third_party(_static_imports(path)) or upward:
            problems.append(f"bot.{name}: {sorted(upward) or 'discord'}")
    assert problems == []


#: Front-end modules that may still reach into the core's modules, and why.
CORE_INTERNALS_ALLOWED = {
    "bot.gaps": {"bot.core.normalize", "bot.core.reply"},  # being changed for issue 18
    # Curation reuses the core's own rules, so a draft is read exactly as a fact would be:
    # the quote folding and word normalisation, the embedding model, the file names.
    "bot.curation.dates": {"bot.core.models"},
    "bot.curation.drafting": {"bot.core.normalize"},
    "bot.curation.intake": {"bot.core.normalize"},
    "bot.curation.linking": {"bot.core.models"},
    "bot.curation.merging": {"bot.core.normalize", "bot.core.semantic"},
    "bot.curation.publish": {"bot.core.loading"},
    "bot.curation.questions": {"bot.core.normalize"},
    "bot.curation.text": {"bot.core.normalize"},
    "bot.curation.validate": {"bot.core.loading"},
    "bot.curation.workflow": {"bot.core.semantic"},
}


def test_the_front_ends_use_the_cores_public_api() -> None:
    """Everything outside the core imports `bot.core`, not its modules (bot/core/__init__.py)."""
    graph = _import_graph()
    internal = {
        name: sorted(t for t in targets if t.startswith("bot.core."))
        for name, targets in graph.items()
        if not name.startswith(("bot.core", "bot.tools"))  # development tools may look inside
    }
    reaching = {
        name: [t for t in targets if t not in CORE_INTERNALS_ALLOWED.get(name, set())]
        for name, targets in internal.items()
    }
    assert {name: targets for name, targets in reaching.items() if targets} == {}


def test_only_the_cli_reaches_the_development_tools() -> None:
    """`factbot eval` is the one way in: the core, the bot and the shared modules answer
    questions without importing bot/tools (evaluation, scorer fitting)."""
    graph = _import_graph()
    reaching = sorted(
        name
        for name, targets in graph.items()
        if name != "bot.cli"
        and not name.startswith("bot.tools")
        and any(t.startswith("bot.tools") for t in targets)
    )
    assert reaching == []
    assert any(t.startswith("bot.tools") for t in graph["bot.cli"])  # the check sees imports


def test_the_runtime_import_graph_has_no_cycle() -> None:
    graph = _import_graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> list[str]:
        if name in path:
            return [" -> ".join((*path[path.index(name) :], name))]
        if name in done:
            return []
        found = [cycle for target in sorted(graph[name]) for cycle in visit(target, (*path, name))]
        done.add(name)
        return found

    cycles = [cycle for name in sorted(graph) for cycle in visit(name, ())]
    assert cycles == []


def test_the_product_installs_no_torch_and_no_cuda() -> None:
    """The semantic model runs on numpy (a model2vec static model): neither the container's pinned
    dependencies nor the package's own pull in torch or a CUDA library."""
    lock = (ROOT / "requirements" / "runtime.lock").read_text(encoding="utf-8")
    pinned = {line.split("==")[0].lower() for line in lock.splitlines() if "==" in line}
    heavy = {p for p in pinned if p in {"torch", "triton"} or p.startswith(("nvidia-", "cuda"))}
    assert heavy == set()
    assert {"tokenizers", "safetensors"} <= pinned


def test_the_image_drops_exactly_the_packages_only_the_hub_client_needs() -> None:
    """requirements/hub-only.txt (uninstalled from the image) lists the lock's packages that
    are there only for huggingface-hub, and nothing the bot imports."""
    lock = (ROOT / "requirements" / "runtime.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[a-z0-9][a-z0-9_.-]*==)", lock)
    needed_by: dict[str, set[str]] = {}
    for block in blocks:
        name = block.split("==", 1)[0].strip().lower()
        via = re.findall(r"#\s+(?:via\s+)?([a-z0-9][a-z0-9_.-]*)", block.split("\n", 1)[-1])
        needed_by[name] = {v.lower() for v in via if v != "via"}
    hub_only = {"huggingface-hub"}
    changed = True
    while changed:  # everything needed only by the hub, or by what only the hub needs
        changed = False
        for name, users in needed_by.items():
            if name not in hub_only and users and users <= hub_only:
                hub_only.add(name)
                changed = True
    listed = {
        line.strip().lower()
        for line in (ROOT / "requirements" / "hub-only.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert listed == hub_only
    imported = _third_party(
        {m for path in (ROOT / "bot").rglob("*.py") for m in _static_imports(path)}
    )
    assert not {name.replace("-", "_") for name in listed} & imported
