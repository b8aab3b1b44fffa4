from analystkit.schemas import SENTENCES
from analystkit.sentences import sentences, split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_do_not_split():
    text = "The U.S. announced a pause. Mr. Peskov spoke on Jul. 5 at 9 a.m. in Moscow."
    assert _split(text) == ["The U.S. announced a pause.",
                            "Mr. Peskov spoke on Jul. 5 at 9 a.m. in Moscow."]


def test_initialism_before_sentence_opener_splits():
    assert _split("Aid came from the U.S. The EU hesitated.") == [
        "Aid came from the U.S.", "The EU hesitated."]


def test_quotes_and_question_marks():
    text = 'He called it "cynical." Zelenskyy said more. Is this a message? Yes.'
    assert _split(text) == ['He called it "cynical."', "Zelenskyy said more.",
                            "Is this a message?", "Yes."]


def test_lines_bullets_and_headlines():
    text = "Headline Without Stop\n- One missile was fired.\n• Two drones fell\n\n-\nEnd."
    assert _split(text) == ["Headline Without Stop", "One missile was fired.",
                            "Two drones fell", "End."]


def test_glued_stop_and_decimals():
    text = "Germany gave 38.5 billion to Ukraine.Mr Pistorius will travel."
    assert _split(text) == ["Germany gave 38.5 billion to Ukraine.", "Mr Pistorius will travel."]


def test_initials_in_names():
    assert _split("Donald J. Trump spoke. He left.") == ["Donald J. Trump spoke.", "He left."]


def test_offsets_round_trip_and_long_runs_are_cut():
    text = ("word " * 3000).strip()
    spans = split_sentences(text, max_chars=500)
    assert all(e - s <= 500 for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


def test_sentences_table_schema(seeds_dir):
    import pandas as pd

    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One. Two.", ""]})
    before = docs.copy()
    table = sentences(docs)
    SENTENCES.validate(table)
    assert table["sentence"].tolist() == ["One.", "Two."]
    pd.testing.assert_frame_equal(docs, before)
    for row in table.itertuples():
        assert docs.set_index("doc_id").loc[row.doc_id, "text"][row.start:row.end] == row.sentence


def test_the_package_name_sentences_is_callable_after_the_submodule_is_imported():
    import analystkit
    import analystkit.figures  # imports analystkit.sentences, binding the submodule

    table = analystkit.sentences("Russia launched 5 drones. Kyiv said so.")
    assert table["sentence"].tolist() == ["Russia launched 5 drones.", "Kyiv said so."]
