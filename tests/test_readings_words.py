"""The wording pieces every chapter's readings share."""

from dfkit.course.readings import words


def test_listing_joins_with_commas_and_the_conjunction():
    assert words.listing(["a"]) == "a"
    assert words.listing(["a", "b"]) == "a and b"
    assert words.listing(["a", "b", "c"], "or") == "a, b or c"


def test_clause_list_continues_the_lead_as_one_sentence():
    said = words.clause_list("The averages:", ["red is higher", "blue is lower"])
    assert said == "The averages:\n\n- red is higher;\n- blue is lower."
    assert words.clause_list("Nothing to list.", []) == "Nothing to list."


def test_sentence_list_makes_one_item_a_sentence_and_skips_empty_ones():
    said = words.sentence_list(["One.", "", "Two."])
    assert said == "- One.\n- Two.\n\n"  # the blank line keeps report.say's line breaks


def test_a_chapter_reaches_the_shared_wording_as_readings_words():
    from dfkit.course import readings

    assert readings.words.sentence_list is words.sentence_list
