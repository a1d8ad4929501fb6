"""Sentences built with msg(): English text as a str, with the template and values kept for translation."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from app.errors import InputError
from app.text import Message, join_and, join_or, message_of, msg, recall


def test_a_message_is_its_english_text_and_keeps_template_and_values():
    text = msg("There is no order with the number {number}.", number=12)
    assert text == "There is no order with the number 12."
    assert isinstance(text, str)
    assert text.template == "There is no order with the number {number}."
    assert text.params == {"number": 12}


def test_a_message_survives_pickling_with_its_template():
    text = msg("{who} cannot do this.", who=msg("A pharmacist"))
    again = pickle.loads(pickle.dumps(text))
    assert again == text
    assert isinstance(again, Message)
    assert again.template == "{who} cannot do this."
    assert isinstance(again.params["who"], Message)


def test_message_of_keeps_the_message_an_error_was_raised_with():
    text = msg("Weight {weight} kg is not a weight.", weight="0")
    found = message_of(InputError(text))
    assert isinstance(found, Message)
    assert found.template == "Weight {weight} kg is not a weight."
    assert message_of(InputError("plain")) == "plain"
    assert message_of(InputError("a", "b")) == "('a', 'b')"


@given(st.lists(st.text(alphabet="abcxyz", min_size=1, max_size=5), max_size=6))
def test_join_or_and_join_and_read_as_an_english_list(words):
    for join, word in ((join_or, "or"), (join_and, "and")):
        text = join(words)
        if not words:
            assert text == ""
        elif len(words) == 1:
            assert text == words[0]
        else:
            assert text == ", ".join(words[:-1]) + f" {word} " + words[-1]


_VALUE = st.text(alphabet="0123456789.,% kgmLabc", min_size=1, max_size=8)


@given(_VALUE, _VALUE, _VALUE, _VALUE)
def test_a_stored_warning_is_recalled_as_the_message_that_made_it(weight, change, reference, percent):
    from app.dosing.dose import WARNING_TEMPLATES

    made = Message(
        WARNING_TEMPLATES[0],
        {"weight": weight, "change": change, "reference": reference, "warn_percent": percent},
    )
    stored = str(made)  # what the order's record keeps
    found = recall(stored, WARNING_TEMPLATES)
    assert isinstance(found, Message)
    assert found == stored
    assert found.template == WARNING_TEMPLATES[0]


def test_recall_leaves_other_text_alone_and_respects_a_repeated_value():
    assert (
        recall("Weigh the patient again.", ["A weight of {weight} is below {limit}."])
        == "Weigh the patient again."
    )
    assert not isinstance(recall("Weigh the patient again.", ["A weight of {weight}."]), Message)
    twice = "{day} and again {day}"
    assert isinstance(recall("Monday and again Monday", [twice]), Message)
    assert not isinstance(recall("Monday and again Tuesday", [twice]), Message)
    made = msg("kept {x}", x="as is")
    assert recall(made, []) is made
