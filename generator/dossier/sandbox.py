"""Bounds on the work of one render: the Jinja sandbox every template runs in.

A template (ours, or a custom one from --templates) cannot make a render run or grow
without end: every call, filter and loop step checks a time budget, operators refuse
to build huge values, numbers passed to functions are bounded, include/import/extends
are refused, and a render may add only so much memory where the system allows it.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import time

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

TIME_BUDGET = 20.0  # seconds for one document; a real one takes well under one
MAX_VALUE = 1_000_000  # characters or items of one value a template builds
MAX_OUTPUT = 50_000_000  # characters of one rendered part (a real body is ~100 kB)
MAX_NUMBER = 100_000  # a number passed to a function or filter (widths, counts)
MAX_POWER_BITS = 4_096  # size of the result of ** (2 ** 4096 has 1234 digits)


class TooMuchWork(jinja2.TemplateRuntimeError):
    """A template asks for more work than any document needs."""


_budget = threading.local()  # the deadline of the render running in this thread


def _check_time() -> None:
    deadline = getattr(_budget, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise TooMuchWork(f"het invullen duurt langer dan {TIME_BUDGET:g} seconden (een eindeloze of te grote lus?)")


def _too_big():
    raise TooMuchWork(f"een waarde wordt te groot (meer dan {MAX_VALUE:,} tekens of elementen)".replace(",", "."))


def _check_size(value):
    if isinstance(value, (str, list, tuple, dict, set)) and len(value) > MAX_VALUE:
        _too_big()
    return value


def _check_numbers(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TooMuchWork(f"het getal {value} is te groot voor een sjabloon (hooguit {MAX_NUMBER:,})".replace(",", "."))


def _bounded_loop(iterable):
    """What a {% for %} iterates over, checking the time budget at every step."""
    for item in iterable:
        _check_time()
        yield item


def bounded_filter(function):
    """A filter that checks the time budget, its numeric arguments and the size of its result."""
    # The arguments after the filtered value (and the context Jinja passes first to some).
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        _check_time()
        _check_numbers(args[skip:], kwargs)
        return _check_size(function(*args, **kwargs))

    return bounded


_FORMAT_WIDTH = re.compile(r"\d{6,}")  # a width or precision of a million and more


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with bounds on work: every call, filter and loop step checks
    the time budget (a template repeats work only through these); `*`, `**` and `+` refuse to build a huge value
    before they build it; a `~` concatenation is checked after; numbers passed
    to functions and filters are bounded (widths, counts); include, import and
    extends are refused (a template is one file). The output of a render is
    bounded in `PreparedTemplate._render_part`."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options):
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.globals["iao_loop"] = _bounded_loop
        self.globals["iao_size"] = _check_size

    def call_binop(self, context, operator, left, right):
        _check_time()
        if operator == "*":
            for value, times in ((left, right), (right, left)):
                if isinstance(value, (str, list, tuple)) and isinstance(times, int) and len(value) * times > MAX_VALUE:
                    _too_big()
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1 and right * math.log2(abs(left)) > MAX_POWER_BITS:
                raise TooMuchWork(f"de macht {left} ** {right} is te groot voor een sjabloon")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) and len(left) + len(right) > MAX_VALUE:
                _too_big()
        elif operator == "%" and isinstance(left, str) and _FORMAT_WIDTH.search(left):
            raise TooMuchWork("een opmaak met een breedte van een miljoen tekens of meer is niet toegelaten")
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        _check_time()
        _check_numbers(args, kwargs)
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):
        formatter = super().wrap_str_format(value)
        if formatter is not None and _FORMAT_WIDTH.search(value.__self__):
            raise TooMuchWork("een opmaak met een breedte van een miljoen tekens of meer is niet toegelaten")
        return formatter

    def _generate(self, source, name, filename, defer_init=False):
        return super()._generate(_bounded_tree(source), name, filename, defer_init=defer_init)


_NOT_IN_ONE_FILE = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends"}


def _bounded_tree(template: nodes.Template) -> nodes.Template:
    """The parsed template with every loop iterating through iao_loop and every
    `~` result through iao_size; include, import and extends refused."""
    for kind, tag in _NOT_IN_ONE_FILE.items():
        found = template.find(kind)
        if found is not None:
            raise jinja2.TemplateSyntaxError(f"{{% {tag} %}} is in een sjabloon niet toegelaten: een sjabloon is één bestand", found.lineno)
    for loop in list(template.find_all(nodes.For)):
        loop.iter = nodes.Call(nodes.Name("iao_loop", "load"), [loop.iter], [], None, None, lineno=loop.lineno)
    for parent in [template, *template.find_all(nodes.Node)]:  # a list: the new calls are not visited
        for field in parent.fields:
            child = getattr(parent, field, None)
            if isinstance(child, nodes.Concat):
                setattr(parent, field, _sized(child))
            elif isinstance(child, list):
                child[:] = [_sized(c) if isinstance(c, nodes.Concat) else c for c in child]
    return template


def _sized(node: nodes.Expr) -> nodes.Expr:
    return nodes.Call(nodes.Name("iao_size", "load"), [node], [], None, None, lineno=node.lineno)


class bounded_render:
    """The time budget of one render (checked by BoundedSandbox) and, where the
    system allows, a ceiling on the memory it may add (the sandbox cannot see
    every C-level operation, such as a join of a million long strings)."""

    def __enter__(self):
        _budget.deadline = time.monotonic() + TIME_BUDGET
        self._limit = _lower_memory_limit()

    def __exit__(self, *exc_info):
        _budget.deadline = None
        if self._limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self._limit)


MAX_RENDER_MEMORY = 2 * 1024**3  # bytes of address space a render may add


def _lower_memory_limit() -> tuple[int, int] | None:
    """Lower the soft address-space limit to what is in use plus MAX_RENDER_MEMORY;
    return the limit to restore, or None where that cannot be done (Windows, macOS)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
        previous = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = in_use + MAX_RENDER_MEMORY
        if previous[0] != resource.RLIM_INFINITY and previous[0] <= ceiling:
            return None
        if previous[1] != resource.RLIM_INFINITY:
            ceiling = min(ceiling, previous[1])
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, previous[1]))
        return previous
    except (ImportError, OSError, ValueError):
        return None
