"""The one-document pipeline (DESIGN.md §2): clean -> one spaCy ``Language`` -> records.

``build_pipeline`` makes the ``Language``: the pinned parser (tokenizer, tagger, dependency
parser, lemmas) followed by claimgraph's registered stages in the order of
``resources/pipeline.yaml``; a user's pipeline file can exclude, replace, add or configure stages
by name. ``analyze_text`` cleans raw text into a Document, runs the stages on one Doc and builds
the pydantic records once, at the end (``analysis_from_doc``). ``analyze`` adds the named
cross-document step (``claimgraph.analysis.crossdoc.annotate``) that ``claimgraph analyze``
runs, so the library and the command give the same result.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from spacy.language import Language
from spacy.tokens import Doc

import claimgraph.analysis.components  # noqa: F401  (registers the grading and timeline stages)
import claimgraph.nlp.components  # noqa: F401  (registers the language stages)
import claimgraph.nlp.syntax_claims  # noqa: F401  (registers the claims-from-syntax stage)
from claimgraph.errors import PipelineError, UnsupportedLanguageError
from claimgraph.model import Analysis, Document, Span
from claimgraph.nlp.ner_model import make_doc
from claimgraph.nlp.parser_model import load_parser
from claimgraph.nlp.parser_model import pipe_names as parser_pipe_names
from claimgraph.resources import load_yaml
from claimgraph.text.clean import DocumentMeta, build_document
from claimgraph.text.language import SUPPORTED_FOR_CLAIMS


@dataclass(frozen=True)
class PipelineSpec:
    """Which stages run, in order, with their factories and settings."""

    stages: tuple[tuple[str, str], ...]  # (name, factory)
    exclude: frozenset[str] = frozenset()
    config: tuple[tuple[str, str], ...] = ()  # (stage name, YAML of its settings)
    before_parser: frozenset[str] = frozenset()  # stages that run on the bare tokens


def default_spec() -> PipelineSpec:
    data = load_yaml("pipeline.yaml")
    return PipelineSpec(
        stages=tuple((s["name"], s["factory"]) for s in data["stages"]),
        before_parser=frozenset(s["name"] for s in data["stages"] if s.get("before_parser")),
    )


class AddedStage(BaseModel):
    """A stage a pipeline file adds: its name, factory (default: the name) and predecessor."""

    model_config = ConfigDict(extra="forbid")
    name: str
    factory: str | None = None
    after: str | None = None


class PipelineFile(BaseModel):
    """What a user's pipeline file may say (unknown keys are errors)."""

    model_config = ConfigDict(extra="forbid")
    exclude: list[str] = []
    replace: dict[str, str] = {}
    add: list[AddedStage] = []
    config: dict[str, dict[str, Any]] = {}


def read_pipeline_file(path: str | Path) -> PipelineFile:
    """A user's pipeline file (YAML, or TOML by its suffix), checked for known keys."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read the pipeline file ({exc.strerror})") from exc
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise PipelineError(f"{path}: not valid {_format(path)}: {_one_line(exc)}") from exc
    if not isinstance(data or {}, dict):
        raise PipelineError(f"{path}: a pipeline file is a mapping (exclude, replace, add, config)")
    try:
        return PipelineFile.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise PipelineError(f"{path}: {where}: {first['msg']}") from exc


def _format(path: Path) -> str:
    return "TOML" if path.suffix == ".toml" else "YAML"


def _one_line(exc: Exception) -> str:
    """A parser error as one line with its line number."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None and problem:
        return f"line {mark.line + 1}: {problem}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def make_spec(exclude: tuple[str, ...] = (), config_file: str | None = None) -> PipelineSpec:
    """The default stages with a user's exclusions and pipeline file applied."""
    spec = default_spec()
    stages = list(spec.stages)
    settings: dict[str, Any] = {}
    excluded = set(exclude)
    if config_file:
        data = read_pipeline_file(config_file)
        excluded |= set(data.exclude)
        for name, factory in data.replace.items():
            if name not in {n for n, _ in stages}:
                raise PipelineError(f"{config_file}: cannot replace unknown stage {name!r}")
            stages = [(n, factory if n == name else f) for n, f in stages]
        for item in data.add:
            names = [n for n, _ in stages]
            if item.after is not None and item.after not in names:
                raise PipelineError(f"{config_file}: stage to add after {item.after!r} is unknown")
            position = names.index(item.after) + 1 if item.after is not None else len(stages)
            stages.insert(position, (item.name, item.factory or item.name))
        settings = data.config
    known = {n for n, _ in stages} | set(parser_pipe_names())
    unknown = excluded - known
    if unknown:
        raise PipelineError(
            f"unknown stage(s) to exclude: {', '.join(sorted(unknown))}; "
            "`claimgraph stages` lists them"
        )
    return PipelineSpec(
        stages=tuple(stages),
        before_parser=spec.before_parser,
        exclude=frozenset(excluded),
        config=tuple((k, yaml.safe_dump(v)) for k, v in sorted(settings.items())),
    )


def build_pipeline(spec: PipelineSpec | None = None) -> Language:
    """The parser followed by claimgraph's stages, as the spec says (built once per spec)."""
    return _build(spec or default_spec())


@lru_cache(maxsize=4)
def _build(spec: PipelineSpec) -> Language:
    settings = {name: yaml.safe_load(text) for name, text in spec.config}
    unused = set(spec.exclude)
    if (settings.get("claimgraph_entities") or {}).get("ner") == "project":
        unused.add("ner")  # the parser model's NER is read only by the entities stage
    nlp = load_parser(exclude=tuple(sorted(unused & set(parser_pipe_names()))))
    for name, factory in spec.stages:
        if name in spec.exclude:
            continue
        if not Language.has_factory(factory):
            _load_entry_point(factory)
        try:
            nlp.add_pipe(
                factory,
                name=name,
                config=settings.get(name) or {},
                first=name in spec.before_parser or None,
            )
        except (ValueError, KeyError) as exc:
            raise PipelineError(
                f"stage {name!r}: cannot create factory {factory!r}: {exc}"
            ) from exc
    return nlp


def _load_entry_point(factory: str) -> None:
    """Import a factory another package registers through the ``spacy_factories`` entry point."""
    from importlib.metadata import entry_points

    for point in entry_points(group="spacy_factories"):
        if point.name == factory:
            point.load()
            return
    raise PipelineError(
        f"no stage factory named {factory!r} (neither claimgraph's nor a spacy_factories "
        "entry point of an installed package)"
    )


def describe_stages(nlp: Language | None = None) -> list[dict[str, Any]]:
    """Each stage in order: name, factory, requires, assigns and the resources it loads."""
    nlp = nlp or build_pipeline()
    out = []
    for name, component in nlp.pipeline:
        meta = nlp.get_pipe_meta(name)
        resources = list(getattr(component, "resources", ()))
        if not name.startswith("claimgraph_") and not resources:
            resources = ["en_core_web_sm 3.8.0 (" + name + ")"]
        out.append(
            {
                "name": name,
                "factory": meta.factory,
                "requires": list(meta.requires),
                "assigns": list(meta.assigns),
                "resources": resources,
            }
        )
    return out


# ---- running -----------------------------------------------------------------------------------
def analyze_text(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    media_type: str = "text/plain",
    meta: DocumentMeta | None = None,
    spec: PipelineSpec | None = None,
) -> Analysis:
    """Analyse one document's raw text (``meta``: what its reader found beside it) and return
    every record derived from it (no cross-document step)."""
    document = build_document(
        text,
        source=source,
        published=published,
        title=title,
        outlet=outlet,
        media_type=media_type,
        meta=meta,
    )
    if document.language not in SUPPORTED_FOR_CLAIMS:
        raise UnsupportedLanguageError(
            f"{source or 'document'}: language {document.language or 'unknown'!r} is not supported "
            f"yet (claims need one of: {', '.join(SUPPORTED_FOR_CLAIMS)})"
        )
    return analyze_document(document, spec)


def analyze(text: str, *, cross_document: bool = True, **options: Any) -> Analysis:
    """What ``claimgraph analyze --json`` prints: ``analyze_text`` (same options: source,
    published, title, outlet, media_type, meta, spec) followed by the named cross-document
    step (origin and event clusters, merged claims, grades with their independent origins),
    unless ``cross_document`` is false."""
    result = analyze_text(text, **options)
    if not cross_document:
        return result
    from claimgraph.analysis.crossdoc import annotate

    return annotate(result)


def analyze_document(document: Document, spec: PipelineSpec | None = None) -> Analysis:
    """Run the stages on a clean document."""
    nlp = build_pipeline(spec)
    return analysis_from_doc(nlp(document_doc(nlp, document)))


def document_doc(nlp: Language, document: Document) -> Doc:
    """The Doc of a document's clean text, carrying the Document (the sentences stage, which
    runs before the parser, sets its sentence boundaries). ``doc.text`` has spaces for line
    breaks; records take their span texts from the Document."""
    if len(document.text) >= nlp.max_length:
        nlp.max_length = len(document.text) + 1
    # Line breaks are read as spaces (same length, so every offset holds): the parser was
    # trained on running text, and the sentences stage sets the boundaries the breaks mark.
    doc = make_doc(nlp, document.text.replace("\n", " "))
    doc._.cg_document = document
    return doc


def analysis_from_doc(doc: Doc) -> Analysis:
    """The pydantic records of a processed Doc (built once, here)."""
    document = doc._.cg_document
    index = doc._.cg_entities
    entities = (index.finish() if index is not None else []) + list(doc._.cg_extra_entities or [])
    analysis = Analysis(
        document=document,
        entities=entities,
        claims=list(doc._.cg_claims or []),
        transfers=list(doc._.cg_transfers or []),
        attributions=list(doc._.cg_attributions or []),
        timeline=list(doc._.cg_timeline or []),
        grades=list(doc._.cg_grades or []),
    )
    _true_span_texts(analysis, document.text)
    return analysis


def _true_span_texts(record: BaseModel, text: str) -> None:
    """Make every span's text the exact slice of the clean text it points to."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Span):
                item.text = text[item.start : item.end]
            elif isinstance(item, BaseModel):
                _true_span_texts(item, text)
