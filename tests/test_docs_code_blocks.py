"""Every fenced code block in the docs and the README runs, or is text we chose not to run.

* ```pycon blocks are doctests. pytest collects the pages under ``docs/`` with
  ``--doctest-glob=*.md``; pages outside the test paths (the README) are doctested here.
  Each block must hold a prompt and end with an empty line, so the closing fence is not
  read as expected output.
* ```python blocks are executed here: the blocks of one page in order, in one namespace,
  from the repository root, as a reader would paste them into one script.
* Any other language fails, except the non-code fences of ``ALLOWED``; TOML and JSON blocks
  must at least parse.

``--8<--`` lines (pymdownx.snippets) are replaced by the file they include, as mkdocs does.
"""

from __future__ import annotations

import doctest
import json
import re
import tomllib
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCTESTED_BY_PYTEST = ROOT / "docs"  # under pytest's testpaths, collected with --doctest-glob
SNIPPET_BASES = (ROOT, ROOT / "docs")  # mkdocs.yml: pymdownx.snippets base_path
PAGES = [*sorted(ROOT.glob("docs/**/*.md")), ROOT / "README.md"]

RUN = "python"
DOCTEST = "pycon"
ALLOWED = frozenset(
    {"bash", "sh", "console", "text", "toml", "json", "yaml", "mermaid", "markdown", "md"}
)

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_SNIPPET = re.compile(r'^\s*--8<--\s+"(?P<path>[^"]+)"\s*$')


@dataclass(frozen=True)
class Block:
    """One fenced block: where it starts, its language and its text."""

    page: str
    line: int  # 1-based line of the opening fence
    lang: str
    source: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def _language(info: str) -> str:
    info = info.strip()
    if info.startswith("{"):  # attribute syntax: ``` { .python title="x" }
        classes = [word[1:] for word in info.strip("{}").split() if word.startswith(".")]
        return classes[0].lower() if classes else ""
    return info.split()[0].lower() if info else ""


def _include(line: str, page: str, number: int) -> list[str]:
    found = _SNIPPET.match(line)
    if found is None:
        return [line]
    for base in SNIPPET_BASES:
        target = base / found["path"]
        if target.is_file():
            return target.read_text(encoding="utf-8").splitlines()
    raise AssertionError(f"{page}:{number}: snippet {found['path']!r} not found")


def parse_blocks(text: str, page: str = "<page>") -> list[Block]:
    """The fenced blocks of a Markdown text (CommonMark fences, ``` or ~~~, any indent)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _OPEN.match(lines[i])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        start, body = i + 1, []
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                break
            line = lines[i]
            dedent = len(line) - len(line.lstrip(" "))
            body.extend(_include(line[min(indent, dedent) :], page, i + 1))
            i += 1
        else:
            raise AssertionError(f"{page}:{start}: the fence {fence!r} is never closed")
        source = "\n".join(body) + ("\n" if body else "")
        blocks.append(Block(page=page, line=start, lang=_language(opening["info"]), source=source))
        i += 1
    return blocks


def _blocks(path: Path) -> list[Block]:
    return parse_blocks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))


def run_python_blocks(blocks: list[Block], filename: str) -> None:
    """Execute the ```python blocks in order in one namespace; fail naming the block."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in (b for b in blocks if b.lang == RUN):
        # Pad with empty lines so tracebacks give the line in the Markdown file.
        padded = "\n" * block.line + block.source
        try:
            exec(compile(padded, filename, "exec"), namespace)
        except Exception as error:
            # Leave out this function's own frame: the reader wants the page's line.
            frames = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
            failure = f"{block.where}: this ```python block does not run:\n{''.join(frames)}"
        else:
            continue
        pytest.fail(failure, pytrace=False)


def run_doctests(blocks: list[Block], name: str) -> None:
    """Doctest the ```pycon blocks of a page pytest does not collect, as one test."""
    text = "\n".join(b.source for b in blocks if b.lang == DOCTEST)
    if not text:
        return
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    test = doctest.DocTestParser().get_doctest(text, {}, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=flags)
    report: list[str] = []
    runner.run(test, out=report.append)
    if runner.failures:
        pytest.fail(f"{name}: ```pycon examples fail:\n{''.join(report)}", pytrace=False)


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


def unknown_fences(blocks: list[Block]) -> list[str]:
    """The blocks in a language nothing checks and nobody allowed, as ``page:line: ```lang``."""
    return [
        f"{b.where}: ```{b.lang or '(no language)'}"
        for b in blocks
        if b.lang not in {RUN, DOCTEST} | ALLOWED
    ]


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_every_fence_is_checked_or_allowed(page: Path) -> None:
    unknown = unknown_fences(_blocks(page))
    assert not unknown, (
        "code blocks in a language this test cannot check; use ```python (executed), "
        f"```pycon (doctested), or one of {sorted(ALLOWED)}:\n" + "\n".join(unknown)
    )


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_python_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run_python_blocks(_blocks(page), str(page))


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_pycon_blocks_are_doctests(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [b for b in _blocks(page) if b.lang == DOCTEST]
    for block in blocks:
        assert ">>> " in block.source, f"{block.where}: a ```pycon block without a >>> prompt"
        assert block.source.endswith("\n\n"), (
            f"{block.where}: end the ```pycon block with an empty line before the closing fence"
        )
    if not page.is_relative_to(DOCTESTED_BY_PYTEST):
        monkeypatch.chdir(ROOT)
        run_doctests(blocks, _ids(page))


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_toml_and_json_blocks_parse(page: Path) -> None:
    for block in _blocks(page):
        if block.lang == "toml":
            try:
                tomllib.loads(block.source)
            except tomllib.TOMLDecodeError as error:
                pytest.fail(f"{block.where}: the ```toml block does not parse: {error}")
        elif block.lang == "json":
            try:
                json.loads(block.source)
            except json.JSONDecodeError:
                for n, line in enumerate(block.source.splitlines(), start=block.line + 1):
                    try:  # JSON Lines: one document per line
                        json.loads(line) if line.strip() else None
                    except json.JSONDecodeError as error:
                        pytest.fail(f"{block.page}:{n}: the ```json block does not parse: {error}")


# --- the checker checks: it finds blocks where Markdown has them, and it fails -------------


SAMPLE = """\
Text.

```python
x = 1
```

- In a list:

    ```pycon
    >>> x
    1

    ```

````markdown
```python
not code: inside a four-backtick fence
```
````

~~~ { .python title="tilde" }
y = x + 1
~~~

```
unlabelled
```

Inline ```code``` is no fence.
"""


def test_parser_finds_fences_with_their_language_and_lines() -> None:
    blocks = parse_blocks(SAMPLE)
    assert [(b.line, b.lang) for b in blocks] == [
        (3, "python"),
        (9, "pycon"),
        (15, "markdown"),
        (21, "python"),
        (25, ""),
    ]
    assert blocks[1].source == ">>> x\n1\n\n"
    assert "not code" in blocks[2].source
    assert blocks[3].source == "y = x + 1\n"


def test_unlabelled_and_unknown_fences_are_reported() -> None:
    blocks = parse_blocks(SAMPLE + "\n```js\nlet x = 1\n```\n", "sample.md")
    assert unknown_fences(blocks) == ["sample.md:25: ```(no language)", "sample.md:31: ```js"]


def test_parser_refuses_an_unclosed_fence() -> None:
    with pytest.raises(AssertionError, match="never closed"):
        parse_blocks("```python\nx = 1\n")


def test_snippets_are_included() -> None:
    blocks = parse_blocks('```toml\n--8<-- "examples/commitments/translation_company.toml"\n```\n')
    assert 'kind = "refund"' in blocks[0].source
    with pytest.raises(AssertionError, match="not found"):
        parse_blocks('```toml\n--8<-- "no/such/file.toml"\n```\n')


def test_python_blocks_share_a_namespace_and_a_failure_names_the_block() -> None:
    run_python_blocks(parse_blocks(SAMPLE), "sample.md")  # y = x + 1 sees x from the block before
    broken = parse_blocks("# Page\n\n```python\nx = 1\n```\n\n```python\n1 / 0\n```\n", "page.md")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)page\.md:7: .*line 8.*ZeroDivisionError"):
        run_python_blocks(broken, "page.md")


def test_doctests_of_uncollected_pages_can_fail() -> None:
    run_doctests(parse_blocks("```pycon\n>>> 1 + 1\n2\n\n```\n"), "good.md")
    with pytest.raises(pytest.fail.Exception, match=r"bad\.md"):
        run_doctests(parse_blocks("```pycon\n>>> 1 + 1\n3\n\n```\n"), "bad.md")
