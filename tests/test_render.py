"""HTML views: quotes in their speaker's colour, speaker, cue and addressee marked, text intact.

Most tests draw hand-made quotes (fast, exact); the ``slow`` ones run the natasha
pipeline. The markup is read back with ``html.parser``, so the checks are about
what a browser would show, not about spacing in the source.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quotemine import cli
from quotemine.errors import InputError
from quotemine.quote import Cue, Quote, Speaker
from quotemine.render import NO_SPEAKER, PALETTE, Rendered, page, render, render_documents

LAVROV_TEXT = (
    "Глава МИД Сергей Лавров заявил коллеге Антони Блинкену: «Мы ждём ответа». "
    "«Ответ будет скоро», — пообещал Блинкен."
)


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def quote(text: str, part: str, *, kind="direct", speaker=None, cue=None, addressee=None) -> Quote:
    start, end = at(text, part)
    return Quote(start, end, part, kind, speaker=speaker, cue=cue, addressee=addressee, confidence=0.9)


def speaker(text: str, name: str, mention: str, nth: int = 0, type_="PER") -> Speaker:
    start, end = at(text, mention, nth)
    return Speaker(name, mention, start, end, type_)


def cue(text: str, word: str, lemma: str) -> Cue:
    start, end = at(text, word)
    return Cue(word, start, end, lemma)


def lavrov_quotes(text: str = LAVROV_TEXT) -> list[Quote]:
    lavrov = speaker(text, "Сергей Лавров", "Глава МИД Сергей Лавров")
    blinken_to = speaker(text, "Антони Блинкен", "коллеге Антони Блинкену")
    blinken = speaker(text, "Антони Блинкен", "Блинкен", nth=1)
    return [
        quote(text, "Мы ждём ответа", speaker=lavrov, cue=cue(text, "заявил", "заявить"),
              addressee=blinken_to),
        quote(text, "Ответ будет скоро", speaker=blinken, cue=cue(text, "пообещал", "пообещать")),
    ]


class Marks(HTMLParser):
    """What a reader sees: the text outside tags and the legend, and each ``<mark>``'s classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str], str]] = []  # tag, classes, style
        self.text: list[str] = []
        self.marked: list[tuple[str, set[str], str]] = []  # text, classes of marks over it, style
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            if "qm-text" in self._classes():
                self.text.append("\n")
            return
        self.stack.append((tag, set((attrs.get("class") or "").split()), attrs.get("style") or ""))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _classes(self) -> set[str]:
        return set().union(*(classes for _, classes, _ in self.stack)) if self.stack else set()

    def handle_data(self, data):
        classes = self._classes()
        if "qm-tag" in classes:
            self.tags.append(data)
            return
        if "qm-text" not in classes or not data.strip() and "\n" in data:
            return  # the legend, headings, and the template's own line breaks
        self.text.append(data)
        marks = {c for c in classes if c in {"qm-quote", "qm-speaker", "qm-cue", "qm-addressee"}}
        if marks:
            style = " ".join(s for t, _, s in self.stack if t == "mark")
            self.marked.append((data, marks, style))

    def shown_text(self) -> str:
        return "".join(self.text)

    def marked_as(self, role: str) -> list[str]:
        return [text for text, classes, _ in self.marked if f"qm-{role}" in classes]

    def style_of(self, part: str) -> str:
        """The styles over the marked stretch that reads exactly ``part``."""
        return next(style for text, _, style in self.marked if part == text)


def read(markup: str) -> Marks:
    parser = Marks()
    parser.feed(markup)
    parser.close()
    return parser


# --------------------------------------------------------------------------- hand-made quotes


def test_every_part_of_a_quote_is_marked_and_the_text_reads_as_written():
    shown = read(render(LAVROV_TEXT, lavrov_quotes()))
    assert shown.shown_text() == LAVROV_TEXT
    assert shown.marked_as("quote") == ["Мы ждём ответа", "Ответ будет скоро"]
    assert shown.marked_as("speaker") == ["Глава МИД Сергей Лавров", "Блинкен"]
    assert shown.marked_as("cue") == ["заявил", "пообещал"]
    assert shown.marked_as("addressee") == ["коллеге Антони Блинкену"]
    # the tags say who speaks, in which kind, and what each box is
    assert "Сергей Лавров · direct" in shown.tags
    assert "Антони Блинкен · direct" in shown.tags
    assert shown.tags.count("speaker") == 2 and shown.tags.count("addressee") == 1


def test_each_speaker_has_a_colour_shared_by_the_quote_and_the_mention():
    shown = read(render(LAVROV_TEXT, lavrov_quotes()))
    lavrov_bg, lavrov_strong = PALETTE[0]
    blinken_bg, blinken_strong = PALETTE[1]
    assert f"background: {lavrov_bg}" in shown.style_of("Мы ждём ответа")
    assert f"background: {blinken_bg}" in shown.style_of("Ответ будет скоро")
    assert lavrov_strong in shown.style_of("Глава МИД Сергей Лавров")
    assert blinken_strong in shown.style_of("Блинкен")
    # the addressee is drawn in the colour of the one who speaks to them, dashed
    assert f"2px dashed {lavrov_strong}" in shown.style_of("коллеге Антони Блинкену")


def test_an_unattributed_quote_is_grey_and_says_so():
    text = "На заборе висела надпись «Осторожно, злая собака»."
    shown = read(render(text, [quote(text, "Осторожно, злая собака")]))
    assert f"background: {NO_SPEAKER[0]}" in shown.style_of("Осторожно, злая собака")
    assert "no speaker · direct" in shown.tags


def test_the_legend_counts_quotes_per_speaker():
    text = "«Начнём», — сказал Иван Петров. «Продолжим», — сказал Петров. «Хватит», — сказала Анна Сидорова."
    petrov = speaker(text, "Иван Петров", "Иван Петров")
    petrov2 = speaker(text, "Иван Петров", "Петров", nth=1)
    sidorova = speaker(text, "Анна Сидорова", "Анна Сидорова")
    quotes = [
        quote(text, "Начнём", speaker=petrov),
        quote(text, "Продолжим", speaker=petrov2),
        quote(text, "Хватит", speaker=sidorova),
    ]
    legend = re.search(r'<div class="qm-legend".*?</div>', render(text, quotes), re.S).group(0)
    legend_text = re.sub(r"<[^>]+>", "", legend)
    assert "Иван Петров (2)" in legend_text
    assert "Анна Сидорова (1)" in legend_text
    assert legend_text.index("Иван Петров") < legend_text.index("Анна Сидорова")


def test_markup_in_the_text_and_in_names_is_escaped():
    text = 'Хакер написал: «<script>alert("ой")</script> & всё». Конец.'
    evil = Speaker('<b>Хакер</b> "X"', "Хакер", *at(text, "Хакер"))
    quotes = [quote(text, '<script>alert("ой")</script> & всё', speaker=evil)]
    markup = render(text, quotes, title="<i>заголовок</i>")
    assert "<script>" not in markup and "<b>" not in markup and "<i>" not in markup
    assert "&lt;script&gt;" in markup and "&amp; всё" in markup
    shown = read(markup)
    assert shown.shown_text() == text
    assert '<b>Хакер</b> "X" · direct' in shown.tags  # shown as written, not as markup


def test_a_speaker_named_inside_another_quote_is_marked_in_both_ways():
    text = "Депутат Олег Смирнов сказал, что «Анна Петрова права». «Спасибо», — ответила Петрова."
    smirnov = speaker(text, "Олег Смирнов", "Олег Смирнов")
    petrova = speaker(text, "Анна Петрова", "Анна Петрова")  # inside Smirnov's quote
    quotes = [
        quote(text, "Анна Петрова права", kind="mixed", speaker=smirnov),
        quote(text, "Спасибо", speaker=petrova),
    ]
    shown = read(render(text, quotes))
    assert shown.shown_text() == text
    inner = [classes for part, classes, _ in shown.marked if part == "Анна Петрова"]
    assert inner == [{"qm-quote", "qm-speaker"}]
    # the quote reads on after the nested mention, still in Smirnov's colour
    assert f"background: {PALETTE[0][0]}" in shown.style_of(" права")
    assert shown.tags.count("speaker") == 2


def test_one_mention_naming_the_speaker_of_two_quotes_is_boxed_once():
    text = "«Первое», — сказал Иван Петров. «Второе»."
    petrov = speaker(text, "Иван Петров", "Иван Петров")
    quotes = [quote(text, "Первое", speaker=petrov), quote(text, "Второе", speaker=petrov)]
    shown = read(render(text, quotes))
    assert shown.marked_as("speaker") == ["Иван Петров"]
    assert shown.tags.count("speaker") == 1


def test_line_breaks_inside_a_quote_are_kept():
    text = "Она сказала: «Первая строка\nвторая строка»."
    markup = render(text, [quote(text, "Первая строка\nвторая строка")])
    shown = read(markup)
    assert shown.shown_text() == text
    assert shown.marked_as("quote") == ["Первая строка", "вторая строка"]
    assert "\n" not in "".join(re.findall(r"<mark[^>]*>(.*?)</mark>", markup, re.S))


def test_quotes_from_saved_json_are_drawn_as_given():
    dicts = [q.to_dict() for q in lavrov_quotes()]
    assert read(render(LAVROV_TEXT, dicts)).marked_as("quote") == ["Мы ждём ответа", "Ответ будет скоро"]


def test_quotes_of_another_document_are_refused():
    short = "Короткий текст."
    with pytest.raises(InputError, match="past the end of the text"):
        render(short, lavrov_quotes())


def test_a_text_without_quotes_says_so():
    markup = render("В городе прошёл дождь.", [])
    assert "no quotes found" in markup
    assert read(markup).shown_text() == "В городе прошёл дождь."


def test_render_rejects_what_it_cannot_draw():
    with pytest.raises(TypeError, match="str or a spaCy Doc"):
        render(42)  # type: ignore[arg-type]


def test_rendered_shows_itself_in_jupyter_and_saves_a_page(tmp_path: Path):
    rendered = render(LAVROV_TEXT, lavrov_quotes())
    assert isinstance(rendered, Rendered) and isinstance(rendered, str)
    assert rendered._repr_html_() == str(rendered)
    assert "characters of HTML" in repr(rendered)
    saved = rendered.save(tmp_path / "page.html", title="Лавров и Блинкен")
    document = saved.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in document and '<html lang="ru">' in document
    assert "<title>Лавров и Блинкен</title>" in document
    assert str(rendered) in document


def test_the_page_title_is_escaped():
    assert "<title>A &amp; B</title>" in page("", title="A & B")


def test_several_documents_share_colours_and_one_legend():
    first = "«Мы готовы», — сказал Иван Петров."
    second = "«Мы не готовы», — ответила Анна Сидорова. «А мы готовы», — повторил Иван Петров."
    q1 = [quote(first, "Мы готовы", speaker=speaker(first, "Иван Петров", "Иван Петров"))]
    q2 = [
        quote(second, "Мы не готовы", speaker=speaker(second, "Анна Сидорова", "Анна Сидорова")),
        quote(second, "А мы готовы", speaker=speaker(second, "Иван Петров", "Иван Петров")),
    ]
    markup = render_documents([("первый", first, q1), ("второй", second, q2)], title="Сборник")
    assert markup.count('class="qm-legend"') == 1
    assert "Иван Петров (2)" in re.sub(r"<[^>]+>", "", markup)
    petrov_bg = PALETTE[0][0]
    shown = read(markup)
    assert f"background: {petrov_bg}" in shown.style_of("Мы готовы")
    assert f"background: {petrov_bg}" in shown.style_of("А мы готовы")
    assert f"background: {PALETTE[1][0]}" in shown.style_of("Мы не готовы")
    headings = re.findall(r"<h([23])[^>]*>([^<]+)", markup)
    assert headings == [("2", "Сборник"), ("3", "первый "), ("3", "второй ")]


def test_quotemine_render_is_the_function_even_after_importing_the_module():
    import quotemine.render  # noqa: F401  (binds the submodule on the package, unless guarded)

    assert quotemine.render is render
    assert quotemine.render_documents is render_documents
    assert quotemine.Rendered is Rendered


# --------------------------------------------------------------------------- the command


class TwoQuoteMiner:
    """Stands in for the pipeline: the quotes of LAVROV_TEXT, nothing elsewhere."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def pipe(self, texts, *, n_process=1, batch_size=32):
        for text in texts:
            self.texts.append(text)
            yield lavrov_quotes(text) if text == LAVROV_TEXT else []


@pytest.fixture
def fake_miner(monkeypatch: pytest.MonkeyPatch) -> TwoQuoteMiner:
    miner = TwoQuoteMiner()
    monkeypatch.setattr(cli, "load_miner", lambda model, kinds: miner)
    return miner


def test_cli_render_writes_a_standalone_page(tmp_path: Path, fake_miner, capsys):
    source = tmp_path / "lavrov.txt"
    source.write_text(LAVROV_TEXT, encoding="utf-8")
    out = tmp_path / "page.html"
    assert cli.main(["render", str(source), "-o", str(out)]) == 0
    document = out.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>") and "<title>lavrov</title>" in document
    # one document named like the page: a single heading, with the count
    assert re.findall(r"<h([23])[^>]*>([^<]+)<span[^>]*>([^<]+)", document) == [("2", "lavrov ", "2 quotes")]
    shown = read(document)
    assert shown.shown_text() == LAVROV_TEXT
    assert shown.marked_as("cue") == ["заявил", "пообещал"]
    assert fake_miner.texts == [LAVROV_TEXT]
    assert "1 document, 2 quotes" in capsys.readouterr().err


def test_cli_render_puts_jsonl_documents_on_one_page(tmp_path: Path, fake_miner, capsys):
    source = tmp_path / "news.jsonl"
    lines = [{"id": "n1", "text": LAVROV_TEXT}, {"id": "n2", "text": "В городе прошёл дождь."}]
    import json

    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    assert cli.main(["render", str(source), "--kinds", "direct", "--title", "Новости"]) == 0
    document = capsys.readouterr().out
    assert "<title>Новости</title>" in document
    assert re.findall(r"<h3[^>]*>(\w+)", document) == ["n1", "n2"]
    assert "2 quotes" in document and "0 quotes" in document


def test_cli_render_draws_saved_predictions_without_a_model(tmp_path: Path, monkeypatch, capsys):
    def no_model(model, kinds):
        raise AssertionError("--pred must not load a model")

    monkeypatch.setattr(cli, "load_miner", no_model)
    source = tmp_path / "lavrov.txt"
    source.write_text(LAVROV_TEXT, encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    import json

    record = {"id": "lavrov", "quotes": [q.to_dict() for q in lavrov_quotes()]}
    pred.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert cli.main(["render", str(source), "--pred", str(pred), "--kinds", "direct"]) == 0
    assert read(capsys.readouterr().out).marked_as("quote") == ["Мы ждём ответа", "Ответ будет скоро"]

    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "elsewhere", "quotes": []}\n', encoding="utf-8")
    assert cli.main(["render", str(source), "--pred", str(other)]) == cli.EXIT_ERROR
    assert "no predictions for document 'lavrov'" in capsys.readouterr().err


# --------------------------------------------------------------------------- the real pipeline


@pytest.mark.slow
def test_render_runs_the_pipeline_on_a_text(miner):
    text = "«Мы не планируем повышать налоги», — заявил министр финансов Антон Силуанов журналистам."
    shown = read(render(text, miner=miner))
    assert shown.shown_text() == text
    assert shown.marked_as("quote") == ["Мы не планируем повышать налоги"]
    assert shown.marked_as("cue") == ["заявил"]
    assert "".join(shown.marked_as("speaker")).endswith("Антон Силуанов")
    assert "Антон Силуанов · direct" in shown.tags


@pytest.mark.slow
def test_a_doc_renders_like_its_text(miner):
    text = "Пресс-секретарь Дмитрий Песков сказал: «Решение пока не принято»."
    assert render(miner(text)) == render(text, miner=miner)


@pytest.mark.slow
def test_a_doc_that_never_met_quotemine_is_refused(natasha_nlp):
    with pytest.raises(ValueError, match="no quotes"):
        render(natasha_nlp("Песков сказал: «Нет»."))


def test_html_escape_of_tooltips_keeps_quotes_out_of_attributes():
    text = 'Он сказал: «Да".'
    odd = Speaker('Иван "Ваня" Петров', "Он", 0, 2)
    markup = render(text, [quote(text, 'Да"', speaker=odd)])
    titles = re.findall(r'title="([^"]*)"', markup)
    assert any(html.unescape(t).startswith('direct quote · Иван "Ваня" Петров') for t in titles)
