"""Plain text files: title guess, boilerplate lines, language."""
from __future__ import annotations

from militant_monitor.ingest import read_paths
from militant_monitor.ingest.textutil import clean_text, guess_language, guess_title
from militant_monitor.model.document import Document


def _one(path) -> Document:
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Document), item
    return item


def test_text_file_reads_text_title_and_language(write, article_text):
    doc = _one(write("story.txt", article_text))
    assert doc.title == "Valley Front names a new commander"
    assert doc.text.startswith("Valley Front names a new commander\n\nThe Valley Front")
    assert doc.language == "en"
    assert doc.published is None  # dates are the extractor's job for plain text
    assert doc.raw_html is None
    assert doc.source_path.endswith("story.txt")


def test_text_first_line_sentence_is_not_a_title(write):
    doc = _one(write("note.txt", "The council met on Monday.\nIt made no announcement.\n"))
    assert doc.title is None


def test_text_single_line_has_no_title(write):
    doc = _one(write("one", "Commander named in Karvan"))
    assert doc.title is None
    assert doc.text == "Commander named in Karvan"


def test_text_markdown_heading_as_title(write):
    doc = _one(write("story.md", "# Elders call for talks\n\nElders in Karvan asked for talks.\n"))
    assert doc.title == "Elders call for talks"


def test_text_strips_boilerplate_lines(write):
    raw = (
        "Skip to content\n"
        "This website uses cookies to improve your experience. We'll assume you're ok with this.\n"
        "Accept All\n"
        "Privacy Overview\n"
        "Roads reopen in the northern valley\n\n"
        "Share on Facebook\n"
        "Facebook | Twitter | WhatsApp | Email\n"
        "Officials said the main road reopened on Wednesday after a week of closures.\n"
        "Subscribe to our newsletter for daily updates\n"
        "Advertisement\n"
        "Traffic was light in the afternoon, a shopkeeper said.\n"
    )
    doc = _one(write("page.txt", raw))
    assert doc.text == (
        "Roads reopen in the northern valley\n\n"
        "Officials said the main road reopened on Wednesday after a week of closures.\n"
        "Traffic was light in the afternoon, a shopkeeper said."
    )
    assert doc.title == "Roads reopen in the northern valley"


def test_text_boilerplate_filter_keeps_article_sentences():
    # sentences that merely mention cookies, sharing or subscriptions are kept
    lines = [
        "The commander said the group would share power with the council.",
        "Officials said they use cookies and other tools to track visitors to the group's site.",
        "Many residents subscribe to the local radio station for news of the curfew.",
    ]
    assert clean_text("\n".join(lines)) == "\n".join(lines)


def test_text_title_guess_rules():
    assert guess_title("Who leads the group now?\nBody text.") == "Who leads the group now?"
    assert guess_title("A very long first line " + "word " * 40 + "\nBody") is None
    assert guess_title("Ends with a colon:\nBody") is None


def test_text_language_guess(article_text):
    assert guess_language(article_text) == "en"
    assert guess_language("Die Regierung hat am Montag neue Gespräche mit den Stammesältesten angekündigt und will bald verhandeln.") is None
    assert guess_language("کرون ضلع میں نئے کمانڈر کا اعلان کیا گیا اور لوگوں نے اس پر بات کی") is None
    assert guess_language("too short") is None
