"""Writing the generated pages kept out of the navigation: the theme's frame once, each page's parts per page.

Why: MkDocs builds every page with a new Markdown converter (every extension, even for an empty body)
and the whole theme template, navigation included. With Material that is about 6 ms a page, a minute
for 10,000 records, although these pages differ only in their title, folder, table of contents and
content. So for each template and folder this writer renders the theme's frame once, the *shell*,
with markers where a page's own parts go: its title, its folder name, its table of contents and the
blocks its own template defines. Per page it renders only those parts and joins them; Markdown bodies
go through one converter, reset between pages.

The result is what a full render gives, and the writer checks it: the first page of each shell is
also rendered in full and compared. If the two differ (a theme override that puts page data in the
frame, or a block that needs the template's top-level imports), that shell's pages are rendered in
full: slower, same output. Plugins see each page as MkDocs shows it to them (``on_page_context``,
``on_post_page``); ``on_page_markdown`` and ``on_page_content`` are not called, as these pages have
no Markdown source of their own.
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import markdown
from jinja2 import Environment, Template, nodes
from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import TableOfContents, get_toc

from ..site import Page
from . import material

MARK = "ibslot7c1e"  # lowercase letters and digits: unchanged by escaping and by URL building
TITLE = f"{MARK}title"
FOLDER = f"{MARK}folder"
TOC_ANCHOR = f"{MARK}toc"
TOC_PARTIAL = f"{MARK}tocpartial"
_SLOT = re.compile(rf"{MARK}(?:block(\w+?){MARK}|(title|folder|tocpartial|toc))")
# A page this writer can take: <prefix><folder>/index.md, the folder an unreserved URL segment.
_PATH = re.compile(r"(?P<prefix>(?:.+/)?)(?P<folder>[A-Za-z0-9._~-]+)/index\.md")



def takes(page: Page) -> bool:
    """Whether ``page`` is written here rather than by MkDocs: out of the nav, in a folder of its own."""
    return not page.in_nav and _PATH.fullmatch(page.path) is not None


def block_mark(name: str) -> str:
    return f"{MARK}block{name}{MARK}"


@dataclass
class Shell:
    """A frame split at its slots: ``parts`` alternates literal text and slot names."""

    parts: list[str]
    checked: bool = False  # the first page was compared with its full render
    full: bool = False  # the comparison failed: render this shell's pages in full


@dataclass
class Group:
    """Pages sharing template, folder depth and frame-relevant meta."""

    template: str
    prefix: str
    meta: dict[str, Any]
    shells: dict[bool, Shell | None] = field(default_factory=dict)  # by "has a table of contents"


class PageWriter:
    """Renders and writes generated pages in ``on_post_build``, after MkDocs wrote its own pages."""

    def __init__(self, config: MkDocsConfig, env: Environment, nav: Navigation, files: Files) -> None:
        self.config, self.env, self.nav = config, env, nav
        self.files = files
        self.doc_files = files.documentation_pages()
        self.markdown = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        self.toc_wrapper = env.from_string(material.TOC_WRAPPER)
        self.chains: dict[str, list[Template]] = {}
        self.written: list[File] = []
        self.groups: Iterable[Group] = ()

    # -- one page --------------------------------------------------------------------------------
    def page(self, spec: Page) -> MkDocsPage:
        """The MkDocs page of ``spec``: its file, meta, rendered body and table of contents."""
        page = MkDocsPage(None, File.generated(self.config, spec.path, content=""), self.config)
        plugins, config, files = self.config.plugins, self.config, self.files
        page.markdown = spec.body
        # The incidentbook plugin's on_page_markdown, which runs first, gives the page its meta from ``spec``.
        page.markdown = body = plugins.on_page_markdown(spec.body, page=page, config=config, files=files)
        if body.strip():
            self.markdown.reset()
            content = self.markdown.convert(body)
            page.toc = get_toc(getattr(self.markdown, "toc_tokens", []))
        else:  # most public pages: no converter run at all
            content, page.toc = "", TableOfContents([])
        page.content = plugins.on_page_content(content, page=page, config=config, files=files)
        return page

    def context(self, page: MkDocsPage) -> dict[str, Any]:
        """The template context MkDocs gives ``page``, after every plugin's ``on_page_context``."""
        context = get_context(self.nav, self.doc_files, self.config, page)
        return dict(self.config.plugins.on_page_context(context, page=page, config=self.config, nav=self.nav))

    def write(self, specs: list[Page]) -> None:
        """Render and write ``specs``; each page passes through the plugins' ``on_post_page``."""
        groups: dict[tuple[str, str, str], Group] = {}
        self.groups = groups.values()
        for spec in specs:
            match = _PATH.fullmatch(spec.path)
            assert match is not None, spec.path
            frame_meta = {k: v for k, v in material.page_meta(spec).items() if k not in material.NOT_IN_FRAME and k != "template"}
            key = (spec.template, match["prefix"], json.dumps(frame_meta, sort_keys=True, default=str))
            group = groups.setdefault(key, Group(spec.template, match["prefix"], frame_meta))
            page = self.page(spec)
            self.config._current_page = page
            page.active = True
            try:
                context = self.context(page)
                html = self.render(group, page, context, match["folder"])
                html = self.config.plugins.on_post_page(html, page=page, config=self.config)
            finally:
                page.active = False
                self.config._current_page = None
            utils.write_file(html.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
            page.content = None  # the sitemap keeps the page, not its HTML
            self.written.append(page.file)

    def render(self, group: Group, page: MkDocsPage, context: dict[str, Any], folder: str) -> str:
        """``page`` composed from its group's shell, or rendered in full where the shell cannot be trusted."""
        has_toc = bool(page.toc.items)
        if has_toc not in group.shells:
            group.shells[has_toc] = self.shell(group, has_toc)
        shell = group.shells[has_toc]
        template = self.env.get_template(group.template)
        if shell is None or shell.full:
            return template.render(context)
        html = self.compose(shell, template, page, context, folder)
        if not shell.checked:
            shell.checked = True
            full = template.render(context)
            if html != full:
                shell.full = True
                return full
        return html

    # -- the shell -------------------------------------------------------------------------------
    def shell(self, group: Group, has_toc: bool) -> Shell | None:
        """The frame of ``group``'s pages, rendered once for a stand-in page full of markers."""
        file = File.generated(self.config, f"{group.prefix}{FOLDER}/index.md", content="")
        stand_in = MkDocsPage(None, file, self.config)
        # Kept out of any search index a plugin builds in on_page_context.
        stand_in.meta = {**copy.deepcopy(group.meta), "title": TITLE, "template": group.template,
                         "search": {"exclude": True}}
        stand_in.content = ""
        token = {"level": 2, "id": TOC_ANCHOR, "name": TOC_ANCHOR, "html": TOC_ANCHOR, "data-toc-label": "", "children": []}
        stand_in.toc = get_toc([token] if has_toc else [])  # type: ignore[list-item]  # MkDocs' token is a TypedDict
        template = self.env.get_template(group.template)
        marks = "".join(f"{{% block {name} %}}{block_mark(name)}{{% endblock %}}" for name in template.blocks)
        frame = self.env.from_string(f"{{% extends {json.dumps(group.template)} %}}{marks}")
        self.config._current_page = stand_in
        try:
            context = self.context(stand_in)
            html = frame.render(context)
            toc = self.toc_wrapper.render(context) if has_toc else ""
        finally:
            self.config._current_page = None
        if has_toc:
            if html.count(toc) != 1:
                return None  # the table of contents is not where Material puts it: render in full
            html = html.replace(toc, TOC_PARTIAL)
        parts: list[str] = []
        last = 0
        for match in _SLOT.finditer(html):
            parts += [html[last:match.start()], match[1] and f"block:{match[1]}" or match[2]]
            last = match.end()
        parts.append(html[last:])
        return Shell(parts)

    def compose(self, shell: Shell, template: Template, page: MkDocsPage, context: dict[str, Any], folder: str) -> str:
        """``page`` from its shell: the marked slots filled with this page's title, folder, TOC and blocks."""
        blocks = self.blocks(template, context)
        toc = page.toc.items
        values = {"title": str(page.meta["title"]), "folder": folder, "toc": toc[0].id if toc else "",
                  "tocpartial": self.toc_wrapper.render(context) if toc else ""}
        out = []
        for index, part in enumerate(shell.parts):
            if index % 2 == 0:
                out.append(part)
            elif part.startswith("block:"):
                out.append(blocks[part[6:]])
            else:
                out.append(values[part])
        return "".join(out)

    def blocks(self, template: Template, context: dict[str, Any]) -> dict[str, str]:
        """The blocks ``template`` defines, rendered in ``context``; ``super()`` reaches the parents."""
        ctx = template.new_context(dict(context))
        for parent in self.chain(template.name or "")[1:]:
            for name, render in parent.blocks.items():
                ctx.blocks.setdefault(name, []).append(render)
        return {name: self.env.concat(render(ctx)) for name, render in template.blocks.items()}  # type: ignore[attr-defined]

    def chain(self, name: str) -> list[Template]:
        """``name`` and the templates it extends, nearest first (read from their ``{% extends %}``)."""
        if name not in self.chains:
            chain: list[Template] = []
            current: str | None = name
            while current:
                chain.append(self.env.get_template(current))
                source = self.env.loader.get_source(self.env, current)[0]  # type: ignore[union-attr]
                extends = next(self.env.parse(source).find_all(nodes.Extends), None)
                current = extends.template.value if extends and isinstance(extends.template, nodes.Const) else None
            self.chains[name] = chain
        return self.chains[name]

    def summary(self) -> str:
        """How the pages were written, for ``mkdocs build --verbose``."""
        shells = [shell for group in self.groups for shell in group.shells.values()]
        full = sum(1 for shell in shells if shell is None or shell.full)
        return f"{len(self.written)} pages written from {len(shells)} shells, {full} of them rendered in full"

    # -- the sitemap -----------------------------------------------------------------------------
    def rewrite_sitemap(self, site_dir: str) -> None:
        """List the written pages in the theme's sitemap too, as MkDocs writes it (plain and gzipped)."""
        if "sitemap.xml" not in self.config.theme.static_templates or not self.written:
            return
        template = self.env.get_template("sitemap.xml")
        context = get_context(self.nav, [*self.doc_files, *self.written], self.config, base_url=".")
        output = template.render(context)
        path = f"{site_dir}/sitemap.xml"
        utils.write_file(output.encode("utf-8"), path)
        timestamp = utils.get_build_timestamp(pages=[f.page for f in context["pages"] if f.page is not None])
        with open(f"{path}.gz", "wb") as f, gzip.GzipFile(fileobj=f, filename=f"{path}.gz", mode="wb", mtime=timestamp) as gz:
            gz.write(output.encode("utf-8"))
