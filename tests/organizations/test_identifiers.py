import pytest

from organizations.identifiers import ric_is_valid, ric_mask, ric_problem, uscc_for_civil_affairs, uscc_is_valid


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014", "11010519491231002x"])
def test_it_accepts_the_published_valid_resident_ids(value):
    assert ric_is_valid(value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("110105194912310021", "check_digit"),
        ("11010519491331002X", "birth_date"),
        ("1101051949123100", "shape"),
        ("", "shape"),
    ],
)
def test_it_says_why_a_resident_id_is_invalid(value, problem):
    assert ric_problem(value) == problem


def test_it_masks_all_but_the_area_and_the_last_four():
    assert ric_mask("510107199001011234") == "5101**********1234"


def test_it_accepts_the_published_valid_credit_code_and_rejects_the_invalid_one():
    assert uscc_is_valid("91110000600037341L")
    assert not uscc_is_valid("91350100M000100Y4Z")


def test_generated_credit_codes_are_civil_affairs_wuhou_and_valid():
    codes = [uscc_for_civil_affairs(n) for n in (1, 42, 99999999)]
    assert all(uscc_is_valid(c) for c in codes)
    assert all(c.startswith("52510107") for c in codes)
    assert len(set(codes)) == 3
