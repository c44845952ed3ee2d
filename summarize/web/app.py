"""``summarize serve``: the CLI's work in a browser, for staff who never open a terminal.

A Starlette application over one workspace folder: 台账 (upload, see every file's rows and problems), 统计
(annual and monthly tables with charts), 年终总结 and 月报 (HTML previews of the same Report the .docx is made
from, with downloads), 素材 (the notes file edited section by section). Pages are server-rendered Jinja
templates with one small script for drag and drop; every asset is in the package, so it works with no internet.

It listens on 127.0.0.1 by default. Requests must name this machine as their host (a web page elsewhere cannot
reach the server through DNS tricks) and a form posted from another site is refused. Uploads are size-limited
and named by :mod:`summarize.web.uploads`; documents are written to the workspace's ``out/`` folder.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote, urlsplit

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from summarize.errors import SummarizeError
from summarize.web import pages
from summarize.web.site import Site
from summarize.web.uploads import Refused, clean_relative_path, target_in

if TYPE_CHECKING:
    from summarize.workspace import Workspace

HERE = Path(__file__).parent
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1"]
MAX_FILES = 500  # files in one upload
MAX_FIELDS = 10  # other fields in one upload form
T = TypeVar("T")
NAV = [
    ("/", "台账"),
    ("/stats", "统计"),
    ("/report", "年终总结"),
    ("/monthly", "月报"),
    ("/notes", "素材"),
    ("/verify", "核稿"),
]


def create_app(
    folder: Path,
    today: date | None = None,
    max_upload_mb: int = 50,
    allowed_hosts: list[str] | None = None,
    asof: date | None = None,
) -> Starlette:
    """The web application serving ``folder``; ``allowed_hosts`` defaults to this machine's loopback names;
    ``asof`` is the day the figures run to (default: today)."""
    site = Site(folder, today=today, max_upload_mb=max_upload_mb, asof=asof)
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    def page(request: Request, name: str, **context: object) -> Response:
        """Render ``name`` with what every page shows: the unit, the folder, the menu and waiting messages."""
        unit = context.pop("unit", None) or site.folder.name
        return templates.TemplateResponse(
            request,
            name,
            {
                "unit": unit,
                "folder": str(site.folder),
                "nav": NAV,
                "path": request.url.path,
                "messages": site.messages(),
                "max_upload_mb": max_upload_mb,
                **context,
            },
        )

    async def locked(work: Callable[..., T], *args: object) -> T:
        """``work(*args)`` holding the workspace lock, in a worker thread: an async handler must never wait for
        the lock on the event loop (a slow page would freeze every other request, /static included)."""

        def run() -> T:
            with site.lock:
                return work(*args)

        return await run_in_threadpool(run)

    def with_workspace(
        name: str, build: Callable[[Request, Workspace], dict]
    ) -> Callable[[Request], Response]:
        """A page that needs the workspace. A settings error is shown in the page, with the folder's files so
        that a broken summarize.toml can be removed or replaced from the page."""

        def endpoint(request: Request) -> Response:
            with site.lock:
                try:
                    ws = site.workspace()
                    context = build(request, ws)
                except SummarizeError as exc:
                    return page(request, name, problem=exc.message, raw_files=site.file_names())
                return page(request, name, unit=ws.unit, **context)

        return endpoint

    def files(request: Request, ws: Workspace) -> dict:
        return pages.files_page(ws)

    def stats(request: Request, ws: Workspace) -> dict:
        year, month = pages.choose_period(
            ws, request.query_params.get("year"), request.query_params.get("month")
        )
        if year is None or month is None:
            return {"empty": True}
        return {
            "year": year,
            "month": month,
            "periods": pages.periods(ws),
            **pages.stats_page(site, ws, year, month),
        }

    def annual_report(request: Request, ws: Workspace) -> dict:
        year, _ = pages.choose_period(ws, request.query_params.get("year"), None)
        if year is None:
            return {"empty": True}
        report = site.memo(("report", year), lambda: ws.report(year))
        return {"year": year, "periods": pages.periods(ws), "preview": Markup(report.to_html())}

    def monthly_report(request: Request, ws: Workspace) -> dict:
        year, month = pages.choose_period(
            ws, request.query_params.get("year"), request.query_params.get("month")
        )
        if year is None or month is None:
            return {"empty": True}
        doc = site.memo(("monthly", year, month), lambda: ws.monthly_report(year, month))
        return {"year": year, "month": month, "periods": pages.periods(ws), "preview": Markup(doc.to_html())}

    async def upload(request: Request) -> Response:
        size = request.headers.get("content-length")
        if size is None or not size.isdigit() or int(size) > site.max_upload_bytes:
            message = f"上传的文件合计不能超过 {max_upload_mb} MB；请分几次上传"
            return JSONResponse({"error": message}, status_code=413)
        try:
            async with request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS) as form:
                uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
                received = [(f.filename or "", await f.read()) for f in uploads]
        except HTTPException as exc:  # over the form parser's limits: say which, and show it on the page
            message = form_problem(str(exc.detail))
            site.tell(message, "error")
            if "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/", status_code=303)
            return JSONResponse({"error": message}, status_code=400)
        saved, refused = await locked(save_uploads, site, received)
        if saved:
            site.tell(f"已保存 {len(saved)} 个文件：{'、'.join(saved)}")
        for name, reason in refused:
            site.tell(f"未保存“{name}”：{reason}", "error")
        if not received:
            site.tell("没有收到文件", "warning")
        if "text/html" in request.headers.get("accept", ""):  # the form posted without the page's script
            return RedirectResponse("/", status_code=303)
        return JSONResponse({"saved": saved, "refused": [{"file": n, "reason": r} for n, r in refused]})

    async def remove(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name", ""))

        def work() -> None:
            try:
                # Only a name the page listed, exactly: cleaning it as an upload name would turn
                # "发文2025?.csv" into "发文2025.csv" and delete another file.
                if name not in site.file_names():
                    raise Refused("工作区中没有这个文件")
                path = target_in(site.folder, name)
                path.unlink()
                site.tell(f"已从工作区移除“{name}”")
            except Refused as exc:
                site.tell(f"未能移除“{name}”：{exc}", "error")
            except OSError as exc:
                site.tell(f"未能移除“{name}”：{removal_failure(exc)}", "error")

        await locked(work)
        return RedirectResponse("/", status_code=303)

    def notes_view(request: Request, submitted: dict[str, str] | None = None, **context: object) -> Response:
        from summarize.web.notes_form import notes_page

        try:
            form = notes_page(site, submitted)
        except SummarizeError as exc:
            return page(request, "notes.html", problem=exc.message)
        try:
            unit = site.workspace().unit
        except SummarizeError:  # bad settings: the notes can still be edited
            unit = None
        return page(request, "notes.html", form=form, unit=unit, **context)

    def notes(request: Request) -> Response:
        with site.lock:
            return notes_view(request)

    async def save_notes(request: Request) -> Response:
        from summarize.web.notes_form import NotesChanged, save_notes_form

        form = await request.form()
        fields = {key: str(value) for key, value in form.items()}

        def work() -> Response | None:
            try:
                changed = save_notes_form(site, fields)
                site.tell(f"已保存素材：{'、'.join(changed)}" if changed else "素材没有改动")
            except NotesChanged as exc:
                response = notes_view(request, fields, problem=exc.message)
                response.status_code = 409
                return response
            except SummarizeError as exc:
                site.tell(exc.message, "error")
            return None

        return await locked(work) or RedirectResponse("/notes", status_code=303)

    def download(request: Request) -> Response:
        """Serve the document last generated for the period; a GET changes nothing."""
        from summarize.web.downloads import existing_document

        with site.lock:
            try:
                path = existing_document(
                    site, site.workspace(), request.path_params["what"], request.query_params
                )
            except SummarizeError as exc:
                return PlainTextResponse(f"无法下载：{exc.message}", status_code=400)
        if path is None:
            return PlainTextResponse("这个文件还没有生成：请在页面上点“生成并下载”", status_code=404)
        return FileResponse(path, filename=path.name)

    async def generate(request: Request) -> Response:
        """Write the document into out/ (a same-origin POST) and send it. The page's script asks with
        ``X-Summarize-Fetch`` and shows the messages from the response; a plain form gets them on the next page."""
        from summarize.web.downloads import write_document

        form = await request.form()
        period = {**request.query_params, **{key: str(value) for key, value in form.items()}}
        fetched = request.headers.get("x-summarize-fetch") == "1"

        def work() -> tuple[Path, str | None]:
            return write_document(site, site.workspace(), request.path_params["what"], period)

        try:
            path, note = await locked(work)
        except SummarizeError as exc:
            if fetched:
                return PlainTextResponse(f"无法生成文件：{exc.message}", status_code=400)
            site.tell(f"无法生成文件：{exc.message}", "error")
            return RedirectResponse(same_site_referer(request), status_code=303)
        messages = [("info", f"已生成“{path.name}”，保存在工作区的 out 文件夹中")]
        messages += [("warning", note)] if note else []
        response = FileResponse(path, filename=path.name)
        if fetched:
            response.headers["x-summarize-messages"] = quote(json.dumps(messages, ensure_ascii=False))
        else:
            for level, text in messages:
                site.tell(text, level)
        return response

    def verify_form(request: Request, ws: Workspace) -> dict:
        return {}

    async def verify_upload(request: Request) -> Response:
        """Check an uploaded .docx (a same-origin POST, size-limited like every upload) and show the table."""
        from summarize.web.checking import check_upload

        size = request.headers.get("content-length")
        if size is None or not size.isdigit() or int(size) > site.max_upload_bytes:
            return verify_view(request, f"上传的文档不能超过 {max_upload_mb} MB", 413)
        try:
            async with request.form(max_files=1, max_fields=MAX_FIELDS) as form:
                upload = form.get("document")
                if not isinstance(upload, UploadFile):
                    return verify_view(request, "没有收到文档：请选择要核对的 Word 文档（.docx）", 400)
                name, data = upload.filename or "", await upload.read()
        except HTTPException as exc:
            return verify_view(request, form_problem(str(exc.detail)), 400)

        def work() -> Response:
            try:
                ws = site.workspace()
                context = check_upload(site.folder, ws, name, data)
            except Refused as exc:
                return verify_view(request, f"未能核对“{name}”：{exc}", 400)
            except SummarizeError as exc:
                return verify_view(request, exc.message, 400)
            return page(request, "verify.html", unit=ws.unit, **context)

        return await locked(work)

    def verify_view(request: Request, problem: str, status: int) -> Response:
        response = page(request, "verify.html", problem=problem)
        response.status_code = status
        return response

    def verify_download(request: Request) -> Response:
        """Serve an annotated copy written by a check; a GET never writes anything."""
        from summarize.web.checking import annotated_file

        with site.lock:
            path = annotated_file(site.folder, request.query_params.get("name", ""))
        if path is None:
            return PlainTextResponse("没有这个批注版文件：请在“核稿”页重新上传文档核对", status_code=404)
        return FileResponse(path, filename=path.name)

    routes = [
        Route("/", with_workspace("files.html", files)),
        Route("/stats", with_workspace("stats.html", stats)),
        Route("/report", with_workspace("report.html", annual_report)),
        Route("/monthly", with_workspace("monthly.html", monthly_report)),
        Route("/notes", notes, methods=["GET"]),
        Route("/notes", save_notes, methods=["POST"]),
        Route("/verify", with_workspace("verify.html", verify_form), methods=["GET"]),
        Route("/verify", verify_upload, methods=["POST"]),
        Route("/verify/download", verify_download, methods=["GET"]),
        Route("/upload", upload, methods=["POST"]),
        Route("/remove", remove, methods=["POST"]),
        Route("/download/{what}", download, methods=["GET"]),
        Route("/download/{what}", generate, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 400:  # a form over the parser's limits
            return PlainTextResponse(form_problem(str(exc.detail)), status_code=400)
        text = "没有这个页面" if exc.status_code == 404 else "请求无法处理"
        return PlainTextResponse(f"{text}（{exc.status_code}）", status_code=exc.status_code)

    async def internal_error(request: Request, exc: Exception) -> Response:
        # A bug, not the user's data: say so in Chinese, and what to send (the terminal has the call stack).
        return PlainTextResponse(
            f"程序内部错误（{type(exc).__name__}: {exc}）。请把本页内容和启动 summarize serve 的窗口中的输出发给维护人员。",
            status_code=500,
        )

    middleware = [Middleware(LocalRequestsOnly, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: not_found, Exception: internal_error},
    )
    app.state.site = site
    return app


def save_uploads(site: Site, received: list[tuple[str, bytes]]) -> tuple[list[str], list[tuple[str, str]]]:
    """Write each uploaded file into the workspace (atomically); return the names saved and those refused."""
    from summarize.output import make_folder, write_bytes_atomic

    saved, refused = [], []
    for name, data in received:
        try:
            relative = clean_relative_path(name)
            if not data:
                raise Refused("文件是空的")
            path = target_in(site.folder, relative)
            make_folder(path.parent)
            write_bytes_atomic(path, data)
            saved.append(relative)
        except Refused as exc:
            refused.append((name, str(exc)))
        except SummarizeError as exc:
            refused.append((name, exc.message))
    return saved, refused


def form_problem(detail: str) -> str:
    """The form parser's complaint (English, from Starlette) as a sentence for the page."""
    if detail.startswith("Too many files"):
        return f"一次最多上传 {MAX_FILES} 个文件，请分几次上传"
    if detail.startswith("Too many fields"):
        return f"表单中的项目太多（最多 {MAX_FIELDS} 项），请分几次上传"
    if detail.startswith("Field exceeded"):
        return "表单中有一项内容超过 1 MB，无法接收"
    return "上传的内容无法识别，请重新选择文件后再上传"


def same_site_referer(request: Request) -> str:
    """The page a form was posted from, when it is one of ours; else the first page."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.headers.get("host") or not referer.path.startswith("/"):
        return "/"
    return referer.path + (f"?{referer.query}" if referer.query else "")


def removal_failure(exc: OSError) -> str:
    """Why a file could not be deleted from the workspace, in Chinese."""
    if exc.errno == errno.EROFS:
        return "工作区所在的磁盘是只读的（如光盘或写保护的 U 盘）"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有删除它的权限，或文件正在被 Excel 等程序打开；请关闭该文件后重试"
    return f"系统报告删除失败（错误代码 {exc.errno}）"


class LocalRequestsOnly:
    """Refuse a request that names another host (a page elsewhere reaching this server by DNS rebinding) and a
    POST whose Origin is another site (a page on the internet must not upload or delete files here)."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            host = headers.get("host", "")
            if "*" not in self.allowed_hosts and urlsplit(f"//{host}").hostname not in self.allowed_hosts:
                await PlainTextResponse("只接受本机的访问", status_code=400)(scope, receive, send)
                return
            origin = headers.get("origin")
            if scope["method"] == "POST" and origin is not None and urlsplit(origin).netloc != host:
                await PlainTextResponse("来自其他网站的请求已被拒绝", status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
