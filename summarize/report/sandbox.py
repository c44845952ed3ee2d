"""The one Jinja environment every user template runs in: sandboxed, and with limits on the work it may ask for.

Text templates (``templates/**/*.j2``) and Word templates (``templates/report.docx``, through docxtpl's
``jinja_env``) are written by the office, so they are untrusted code. :class:`SandboxedEnvironment` keeps them
from Python's internals (``cycler.__init__.__globals__`` …); :class:`LimitedEnvironment` also keeps them from
hanging or exhausting memory: every render has a budget of steps — loop iterations, items a ``range`` or a
repetition (``"x" * n``) makes, characters a filter or call returns, characters the template writes — and
integer results, widths and repetition sizes have ceilings checked *before* the value is computed
(``9 ** (9 ** 9)`` would otherwise run for hours, ``"x" | center(10 ** 9)`` allocate a gigabyte). A template over
a limit stops with :class:`TemplateLimitError`; the caller names the template.

Sizes are what a value would *write*, not its length: ``[x] * 1000`` or an ``append`` loop holds a long text a
thousand times by reference, cheaply, and joining, printing (``{{ }}``), formatting (``"{0}" * 1000``) or
concatenating (``~``) it would build gigabytes before any check of the result. So every value given to a
filter, a call, ``~`` or ``{{ }}`` is sized first (:func:`_size`), as is the most a ``join``, ``replace``,
``indent``, ``wordwrap``, ``expandtabs`` or format can make of it; a generator is charged item by item as it
is consumed; a list that grows by ``extend`` stops at MAX_SIZE items; ``sum`` adds only numbers (summing
lists is quadratic), and a text has no ``encode``, ``translate`` or ``maketrans``.
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
from jinja2.utils import Namespace

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


def _size(value: object) -> int:
    """About how many characters ``str(value)`` would write, counted without writing them.

    A list can hold the same long string a million times at the cost of a million references: its size is
    what joining or printing it would make, not its length. The count stops as soon as it passes MAX_SIZE
    (every container item counts at least one character, so a self-containing list ends too), and the items
    looked at are charged to the budget.
    """
    total, seen, stack = 0, 0, [value]
    while stack and total <= MAX_SIZE:
        item = stack.pop()
        seen += 1
        if isinstance(item, str | bytes | bytearray):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, range):
            total += len(item) * (len(str(max(abs(item.start), abs(item.stop)))) + 2)
        elif isinstance(item, dict):
            total += 4 * len(item) + 2
            if total <= MAX_SIZE:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 * len(item) + 2
            if total <= MAX_SIZE:
                stack.extend(item)
        elif isinstance(item, Namespace):  # its repr shows every value set on it
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        else:  # a number, a date, a figure of the report: a short text
            total += 25
    _charge(seen)
    return total


def _sized(value: object, times: int = 1) -> int:
    """``_size(value) * times``, refused beyond MAX_SIZE."""
    size = _size(value) * max(times, 1)
    if size > MAX_SIZE:
        raise TemplateLimitError()
    return size


def _charging(items: Iterator[Any]) -> Iterator[Any]:
    """An iterator (``map``, ``select`` …) whose items are charged by size as a filter takes them: a join
    over a generator stops before it has the text together."""
    for item in items:
        _charge(_size(item))
        yield item


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
    args = list(args)
    if any("*" in spec or "{" in spec for spec in specs):
        _check_widths(args)
    # Each field writes at most its widest width or its longest argument: "{0}" * 1000 over a long text
    # would write the text a thousand times.
    widths = [int(n) for spec in specs for n in re.findall(r"\d+", spec)]
    widths += [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
    fields = fmt.count("%") + fmt.count("{")
    widest = max([0, *widths]) + max([0, *(_size(a) for a in args)])
    if len(fmt) + fields * widest > MAX_SIZE:
        raise TemplateLimitError()


def _check_pieces(text: object, piece: object) -> None:
    """``replace``, ``join``, ``indent``, ``wordwrap`` and ``expandtabs`` put ``piece`` (a text, or a number of
    spaces) at up to every character of ``text``: check the most they can make before they make it."""
    times = len(piece) if isinstance(piece, str) else piece if isinstance(piece, int) else 0
    _sized(text, 1 + times)


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
            if isinstance(seq, str | bytes | list | tuple) and isinstance(times, int):
                _sized(seq, times)  # [long_text] * 1000 is small to make and huge to write
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))
    elif operator == "+" and ints:
        if max(abs(left).bit_length(), abs(right).bit_length()) > MAX_INT_BITS:
            raise TemplateLimitError()
    elif operator == "+":
        _sized([left, right])


# Filters and str methods that take a width, a length or a count of pieces.
_WIDTH_FILTERS = {"center", "indent", "truncate", "wordwrap", "batch", "slice"}
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
# The argument (position after the value, keyword, default) that a filter puts at up to every character of
# its value.
_PIECE_FILTERS = {
    "join": (0, "d", ""),
    "replace": (1, "new", ""),
    "indent": (0, "width", 4),
    "wordwrap": (2, "wrapstring", "\n"),
}
# str methods no report needs that make bytes or rewrite every character into any text.
_REFUSED_METHODS = {"encode", "translate", "maketrans"}


def _limited_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its size arguments checked before it runs and its result's size charged after."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the context Jinja passes first

    @functools.wraps(func)
    def limited(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[skip], args[skip + 1 :]) if len(args) > skip else (None, ())
        _sized([value, *rest, *kwargs.values()])
        if name in _WIDTH_FILTERS:
            _check_widths([*rest, *kwargs.values()])
        if name == "format":
            _check_format(value, [*rest, *kwargs.values()])
        elif name in _PIECE_FILTERS:
            at, keyword, default = _PIECE_FILTERS[name]
            piece = rest[at] if len(rest) > at else kwargs.get(keyword)
            _check_pieces(value, default if piece is None else piece)
        elif name == "sum" and not isinstance(
            kwargs.get("start", rest[1] if len(rest) > 1 else 0), int | float
        ):
            raise TemplateLimitError()  # adding up lists copies them again at every step
        if isinstance(value, Iterator):
            args = (*args[:skip], _charging(value), *rest)
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

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802
        """``a ~ b``: each part passes through :meth:`LimitedEnvironment.sized` (charged, refused when huge)
        before the parts are joined, so that doubling a text in a loop stops early."""
        if not getattr(node, "counted", False):
            node.nodes = [
                nodes.Call(nodes.EnvironmentAttribute("sized"), [n], [], None, None) for n in node.nodes
            ]
            node.counted = True  # type: ignore[attr-defined]
        super().visit_Concat(node, frame)


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
        self.finalize = self.sized  # what {{ }} writes: a list of a million long texts is never written

    def sized(self, value: Any) -> Any:
        """``value`` unchanged, once its size is charged; refused when it would write more than MAX_SIZE."""
        _charge(_sized(value))
        return value

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """As the sandbox decides, and no ``encode``, ``translate`` or ``maketrans`` on a text."""
        if isinstance(obj, str) and attr in _REFUSED_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

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
        _sized([owner if isinstance(owner, str) else None, *args, *kwargs.values()])
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                _check_widths([*args, *kwargs.values()])
            if name in ("format", "format_map"):
                _check_format(owner, [*args, *kwargs.values()])
            elif name == "replace" and len(args) >= 2:
                _check_pieces(owner, args[1])
            elif name == "join" and args:
                _check_pieces(args[0], owner)
            elif name == "expandtabs":
                _check_pieces(owner, args[0] if args else kwargs.get("tabsize", 8))
        elif name == "strftime" and args:  # "%999999999Y": the C library pads to any width
            _check_format(args[0], ())
        _charge(1)
        args = tuple(_charging(a) if isinstance(a, Iterator) else a for a in args)
        result = _charge_size(super().call(__context, __obj, *args, **kwargs))
        if isinstance(owner, list | dict | set) and len(owner) > MAX_SIZE:  # y.extend(y) in a loop
            raise TemplateLimitError()
        return result
