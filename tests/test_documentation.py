"""README.md documents every setting a deployer can set and every management command, as the
code has them: the settings the product's code reads from the environment and the commands
with their options are found in the source itself (its syntax tree), so that a new variable,
command or option without its line in README.md fails here, and so does a line left behind
when one goes. The product's code is what the wheel ships (pyproject.toml's packages, the
checkout's manage.py): not tests/, bench/ or audit/."""

import ast
import fnmatch
import re
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# The test suite's own settings (DJANGO_SETTINGS_MODULE for pytest), shipped with config/.
NOT_A_DEPLOYERS = {ROOT / "config" / "settings_test.py"}
# Read by a library from the environment, not by this code: documented all the same.
READ_BY_LIBRARIES = {"AWS_ACCESS_KEY_ID": "boto3", "AWS_SECRET_ACCESS_KEY": "boto3"}
ENVIRON_METHODS = {"get", "setdefault", "pop"}


@cache
def product_files():
    """The Python files of the packages pyproject.toml ships, and manage.py."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["packages"]["find"]["include"]
    files = [ROOT / "manage.py"]
    for folder in sorted(ROOT.iterdir()):
        if (folder / "__init__.py").is_file() and any(
            fnmatch.fnmatch(folder.name, pattern) for pattern in patterns
        ):
            files += sorted(folder.rglob("*.py"))
    return [path for path in files if path not in NOT_A_DEPLOYERS]


@cache
def syntax_tree(path):
    return ast.parse(path.read_text(), str(path))


def syntax_trees(*words):
    """{path: tree} of the product's files whose text has one of `words` (parsing every file,
    migrations included, would take most of a second)."""
    return {
        path: syntax_tree(path)
        for path in product_files()
        if any(word in path.read_text() for word in words)
    }


def dotted(node):
    """`os.environ` for that expression, `environ` for a name; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (base := dotted(node.value)):
        return f"{base}.{node.attr}"
    return None


def is_environ(node):
    name = dotted(node)
    return name is not None and name.split(".")[-1] == "environ"


def constant(node):
    """The value of a literal, or of arithmetic on literals (10 * 1024 * 1024); else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add):
        left, right = constant(node.left), constant(node.right)
        if isinstance(left, int) and isinstance(right, int):
            return left * right if isinstance(node.op, ast.Mult) else left + right
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError):
        return None


def environ_read(node):
    """(the name expression, the default expression or None) of a read of the environment:
    os.environ.get/setdefault/pop(NAME[, DEFAULT]), os.environ[NAME], os.getenv(NAME[,
    DEFAULT]), and the same on any mapping called `environ`; None for other nodes."""
    if isinstance(node, ast.Subscript) and is_environ(node.value):
        return node.slice, None
    if not isinstance(node, ast.Call) or not node.args:
        return None
    function = node.func
    reads = (
        isinstance(function, ast.Attribute)
        and function.attr in ENVIRON_METHODS
        and is_environ(function.value)
    ) or (dotted(function) or "").split(".")[-1] == "getenv"
    if reads:
        return node.args[0], node.args[1] if len(node.args) > 1 else None
    return None


def environment_helpers(trees):
    """{function name: (its parameters, its parameters' defaults, the parameter that names
    the variable)} of the functions that read the variable their caller names (the
    settings' env_bool and env_list)."""
    helpers = {}
    for tree in trees.values():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            parameters = [argument.arg for argument in function.args.args]
            with_defaults = parameters[len(parameters) - len(function.args.defaults) :]
            defaults = dict(zip(with_defaults, function.args.defaults, strict=True))
            for node in ast.walk(function):
                read = environ_read(node)
                if read and isinstance(read[0], ast.Name) and read[0].id in parameters:
                    helpers[function.name] = (parameters, defaults, read[0].id)
    return helpers


def helper_read(call, helper):
    """(the name expression, the default expression or None) of a call of a helper."""
    parameters, defaults, name_parameter = helper
    given = dict(zip(parameters, call.args, strict=False))
    given |= {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    default_parameter = next((p for p in parameters if p != name_parameter), None)
    default = given.get(default_parameter, defaults.get(default_parameter))
    return given.get(name_parameter), default


@cache
def environment_reads():
    """({variable: [(file, line, the default's value or None), …]}, [the places of reads
    whose variable is not a literal]) over the product's code."""
    trees = syntax_trees("environ", "getenv", "dj_database_url")
    helpers = environment_helpers(trees)
    trees |= syntax_trees(*(f"{helper}(" for helper in helpers))
    found, unresolved = {}, []
    for path, tree in trees.items():
        inside_helpers = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and function.name in helpers
            for node in ast.walk(function)
        }
        for node in ast.walk(tree):
            read = environ_read(node)
            if read is None and isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name) and node.func.id in helpers:
                    read = helper_read(node, helpers[node.func.id])
                elif dotted(node.func) == "dj_database_url.config":
                    # dj-database-url reads DATABASE_URL unless told another name (env=).
                    env = next((k.value for k in node.keywords if k.arg == "env"), None)
                    read = env or ast.Constant("DATABASE_URL"), None
            if read is None or id(node) in inside_helpers:
                continue
            name, default = read
            where = path.relative_to(ROOT), node.lineno
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                value = constant(default) if default is not None else None
                found.setdefault(name.value, []).append((*where, value))
            else:
                unresolved.append(where)
    return found, unresolved


def variables_read():
    return environment_reads()[0]


def section(heading):
    """The text of README.md's section `## heading`, up to the next `## `."""
    text = README.read_text()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def table_rows(text):
    """The rows of the Markdown tables in `text`, as lists of cells (header rows dropped)."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        rows.append(cells)
    return [row for row in rows if row[0] not in {"variable", "command"}]


@cache
def documented_settings():
    """{variable: (default, meaning)} from README's settings table."""
    documented = {}
    for cells in table_rows(section("Settings (environment variables)")):
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            documented[name] = (cells[1], cells[2])
    return documented


def shown(value):
    """A default as the settings table writes it."""
    if isinstance(value, bool):
        return "off" if value is False else "on"
    return f"`{value}`"


def test_every_read_names_its_variable():
    """A variable named by an expression (a constant, a loop) would escape the tests below."""
    unresolved = environment_reads()[1]
    assert not unresolved, f"environment reads whose name is not a literal: {unresolved}"


def test_every_variable_the_code_reads_is_in_the_settings_table():
    documented = documented_settings()
    missing = {
        name: [f"{path}:{line}" for path, line, _ in reads]
        for name, reads in variables_read().items()
        if name not in documented
    }
    assert not missing, f"read by the code, not in README's settings table: {missing}"
    empty = [name for name in variables_read() if not all(documented[name])]
    assert not empty, f"no default or no meaning in README's settings table: {empty}"


def test_the_documented_defaults_are_the_codes():
    wrong = []
    for name, reads in variables_read().items():
        if name not in documented_settings():
            continue  # test_every_variable_the_code_reads_is_in_the_settings_table says so
        default_cell = documented_settings()[name][0]
        for path, line, default in reads:
            if default in (None, ""):
                continue  # no literal default, or an empty one: said in words
            if shown(default) not in default_cell:
                wrong.append(
                    f"{name}: {path}:{line} defaults to {default!r}, README says {default_cell!r}"
                )
    assert not wrong, "\n".join(wrong)


def test_every_documented_variable_is_read():
    stale = set(documented_settings()) - set(variables_read()) - set(READ_BY_LIBRARIES)
    assert not stale, f"in README's settings table, read by nothing: {sorted(stale)}"


@cache
def commands():
    """{command: {its --options}} of the product's management commands."""
    found = {}
    for path in product_files():
        if path.parent.name != "commands" or path.parent.parent.name != "management":
            continue
        if path.name.startswith("_"):
            continue
        tree = syntax_tree(path)
        options = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
                for argument in node.args:
                    if isinstance(argument, ast.Constant) and str(argument.value).startswith("--"):
                        options.add(argument.value)
        found[path.stem] = options
    return found


@cache
def documented_commands():
    """{command: (its synopsis, what it does)} from README's table of commands."""
    documented = {}
    for cells in table_rows(section("Commands")):
        if match := re.fullmatch(r"`manage\.py ([a-z_]+)(.*)`", cells[0]):
            documented[match[1]] = (match[2], cells[1])
    return documented


def test_every_command_is_in_the_commands_table_with_its_options():
    documented = documented_commands()
    gaps = []
    for name, options in sorted(commands().items()):
        if name not in documented:
            gaps.append(f"manage.py {name}: not in README's table of commands")
            continue
        synopsis, what = documented[name]
        named = set(re.findall(r"--[a-z][a-z-]*", synopsis))
        if not what:
            gaps.append(f"manage.py {name}: README says nothing of what it does")
        if options - named:
            gaps.append(f"manage.py {name}: options not in README: {sorted(options - named)}")
        if named - options:
            gaps.append(
                f"manage.py {name}: README names options it lacks: {sorted(named - options)}"
            )
    assert not gaps, "\n".join(gaps)


def test_every_documented_command_exists():
    stale = sorted(set(documented_commands()) - set(commands()))
    assert not stale, f"in README's table of commands, no such command: {stale}"


def code_blocks(document):
    return re.findall(r"^\s*```[a-z]*\n(.*?)^\s*```", document.read_text(), re.M | re.S)


def test_the_instructions_set_only_variables_the_site_reads():
    """The shell and environment-file examples (README, docs/deploy.md) set no variable that
    nothing reads: one renamed or removed in the code would be left there, silently."""
    known = set(variables_read()) | set(READ_BY_LIBRARIES)
    stale = {}
    for document in (README, ROOT / "docs" / "deploy.md"):
        for block in code_blocks(document):
            for name in re.findall(r"(?:^|\s|;)([A-Z][A-Z0-9_]+)=", block, re.M):
                if name not in known:
                    stale.setdefault(document.name, set()).add(name)
    assert not stale, f"set in the docs' examples, read by nothing: {stale}"


def test_the_environment_files_keep_comments_on_lines_of_their_own():
    """docs/deploy.md's variables go into /etc/news.env, which systemd's EnvironmentFile=
    reads: a `#` after a value is part of the value there (DJANGO_PROXY_COUNT="1  # nginx"
    stops the site, DJANGO_BEHIND_HTTPS_PROXY="1  # …" is off)."""
    commented = [
        line
        for block in code_blocks(ROOT / "docs" / "deploy.md")
        for line in block.splitlines()
        if re.match(r"[A-Z][A-Z0-9_]*=\S*\s+#", line)
    ]
    assert not commented, f"a comment after a value in docs/deploy.md: {commented}"


def test_the_make_targets_the_docs_name_exist():
    targets = set(re.findall(r"^([A-Za-z0-9_./-]+):", (ROOT / "Makefile").read_text(), re.M))
    named = set()
    for document in (README, ROOT / "docs" / "deploy.md", ROOT / "SECURITY.md"):
        text = document.read_text()
        named |= set(re.findall(r"`make ([a-z][a-z-]*)\b", text))
        for block in code_blocks(document):
            named |= set(re.findall(r"^\s*make ([a-z][a-z-]*)\b", block, re.M))
    assert named, "no make target found in the docs: the pattern is out of date"
    assert named <= targets, f"make targets the docs name, not in the Makefile: {named - targets}"
