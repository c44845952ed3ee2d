"""The one Jinja environment every user template runs in: sandboxed, and with limits on the work it may ask for.

Text templates (``templates/**/*.j2``) and Word templates (``templates/report.docx``, through docxtpl's
``jinja_env``) are written by the office, so they are untrusted code. :class:`SandboxedEnvironment` keeps them
from Python's internals (``cycler.__init__.__globals__`` …); :class:`LimitedEnvironment` also keeps them from
hanging or exhausting memory: every render has a budget of steps — loop iterations, items a ``range`` or a
repetition (``"x" * n``) makes, characters a filter or call returns, characters the template writes — and
integer results, widths and repetition sizes have ceilings checked *before* the value is computed
(``9 ** (9 ** 9)`` would otherwise run for hours, ``"x" | center(10 ** 9)`` allocate a gigabyte). A template over
a limit stops with :class:`TemplateLimitError`; the caller names the template.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateRuntimeError
from jinja2.sandbox import SandboxedEnvironment

# Far beyond what a report needs (a template loops over a few dozen sections or a few hundred units), far
# below what hurts: two million steps take about a second.
MAX_STEPS = 2_000_000
MAX_SIZE = 1_000_000  # characters of one string, items of one list or range
MAX_INT_BITS = 14_000  # about 4200 decimal digits: as many as Python will print (4300)
MAX_WIDTH = 10_000  # a width, padding or precision given to a filter, a str method or a format

LIMIT_REASON = (
    "计算量超出了模板允许的范围（如极大的乘方、过长或层层嵌套的循环、极长的文字），已停止；"
    "模板只应对提供给它的数字和文字做简单的计算"
)


class TemplateLimitError(TemplateRuntimeError):
    """A template asked for more work or memory than any report needs (the message is in Chinese)."""

    def __init__(self) -> None:
        super().__init__(LIMIT_REASON)


class _Budget:
    """Steps left to the render under way."""

    def __init__(self) -> None:
        self.left = MAX_STEPS

    def charge(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise TemplateLimitError()


_budget: contextvars.ContextVar[_Budget] = contextvars.ContextVar("template_budget")


def _charge(steps: int) -> None:
    budget = _budget.get(None)
    if budget is None:  # outside LimitedTemplate.render (a macro called from Python): a fresh budget
        budget = _Budget()
        _budget.set(budget)
    budget.charge(steps)


def _charge_size(value: object) -> object:
    """Charge the size of a string or list a filter or call returned, and refuse one too large to keep."""
    if isinstance(value, str | list | tuple | dict | set):
        if len(value) > MAX_SIZE:
            raise TemplateLimitError()
        _charge(len(value))
    return value


def _check_widths(values: Iterable[object]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
            raise TemplateLimitError()


# A width or precision in a format: "%99999d", "{:>99999}", "{:.99999f}"; nested "{0:{1}}" and "%*d" take it
# from the arguments.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?([-#0 +]*[\d*]*(?:\.[\d*]*)?)")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
_LONG_NUMBER = re.compile(r"\d{5,}")


def _check_format(fmt: object, args: Iterable[object]) -> None:
    """Refuse a format string whose widths or precisions (literal or taken from ``args``) exceed MAX_WIDTH."""
    if not isinstance(fmt, str):
        return
    specs = [m.group(1) for m in _PERCENT_SPEC.finditer(fmt)] + [
        m.group(1) for m in _BRACE_SPEC.finditer(fmt)
    ]
    if any(_LONG_NUMBER.search(spec) for spec in specs):
        raise TemplateLimitError()
    if any("*" in spec or "{" in spec for spec in specs):
        _check_widths(args)


def _check_replace(text: object, old: object, new: object) -> None:
    """``"abc" | replace("", "xyz")`` inserts ``new`` between every character: check the size first."""
    if isinstance(text, str) and isinstance(new, str) and old == "":
        if (len(text) + 1) * len(new) > MAX_SIZE:
            raise TemplateLimitError()


_INT_OPS = {"**", "*"}


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be huge, from the operands' sizes alone."""
    ints = all(isinstance(v, int) for v in (left, right))
    if operator == "**" and ints and right > 0 and abs(left) > 1:
        if (abs(left).bit_length() - 1 or 1) * right > MAX_INT_BITS:
            raise TemplateLimitError()
    elif operator == "*" and ints:
        if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
            raise TemplateLimitError()
    elif operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int):
                if len(seq) * times > MAX_SIZE:
                    raise TemplateLimitError()
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))
    elif operator == "+" and ints:
        if max(abs(left).bit_length(), abs(right).bit_length()) > MAX_INT_BITS:
            raise TemplateLimitError()


# Filters and str methods that take a width, a length or a count of pieces.
_WIDTH_FILTERS = {"center", "indent", "truncate", "wordwrap", "batch", "slice"}
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _limited_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its size arguments checked before it runs and its result's size charged after."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the context Jinja passes first

    @functools.wraps(func)
    def limited(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[skip], args[skip + 1 :]) if len(args) > skip else (None, ())
        if name in _WIDTH_FILTERS:
            _check_widths([*rest, *kwargs.values()])
        elif name == "format":
            _check_format(value, [*rest, *kwargs.values()])
        elif name == "replace" and rest:
            _check_replace(value, rest[0], rest[1] if len(rest) > 1 else kwargs.get("new"))
        return _charge_size(func(*args, **kwargs))

    return limited


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_SIZE:
        raise TemplateLimitError()
    _charge(len(numbers))
    return numbers


def _limited_concat(parts: Iterable[str]) -> str:
    """What the template writes, charged as it is written (a loop that writes a lot stops early)."""
    out = []
    for part in parts:
        _charge(len(part))
        out.append(part)
    return "".join(out)


class _CountingCodeGenerator(CodeGenerator):
    """Compiles every ``{% for %}`` to iterate through :meth:`LimitedEnvironment.counted`, so that loops
    (nested ones above all) spend the budget even when their body does nothing."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:  # noqa: N802 (Jinja's visitor naming)
        if not getattr(node, "counted", False):
            node.iter = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None)
            node.counted = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)


class LimitedTemplate(Template):
    """A template whose every render starts with a full budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render as Jinja does, within the budget; raises :class:`TemplateLimitError` beyond it."""
        token = _budget.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        except RecursionError as exc:  # a macro calling itself without end
            raise TemplateLimitError() from exc
        finally:
            _budget.reset(token)


class LimitedEnvironment(SandboxedEnvironment):
    """A sandboxed environment whose templates stop when they ask for too much work (see the module docstring).

    ``filters`` are added to Jinja's own, all of them limited in the same way.
    """

    intercepted_binops = frozenset(_INT_OPS | {"%", "+"})
    code_generator_class = _CountingCodeGenerator
    template_class = LimitedTemplate
    concat = staticmethod(_limited_concat)

    def __init__(
        self, *args: Any, filters: dict[str, Callable[..., Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.filters.update(filters or {})
        self.filters = {name: _limited_filter(name, func) for name, func in self.filters.items()}
        self.globals["range"] = _limited_range
        self.globals.pop("lipsum", None)  # placeholder text of any length: nothing a report needs

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Iterate over ``iterable``, one step of the budget per item."""
        for item in iterable:
            _charge(1)
            yield item

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Run a binary operator once its operands show that the result is of a reasonable size."""
        _check_binop(operator, left, right)
        return _charge_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Call ``__obj`` from a template once its size arguments are checked; charge what it returns."""
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _check_widths([*args, *kwargs.values()])
            elif name in ("format", "format_map"):
                _check_format(owner, [*args, *kwargs.values()])
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
        _charge(1)
        return _charge_size(super().call(__context, __obj, *args, **kwargs))
