"""Small cells are hidden, and so is whatever would let a reader subtract their way back to them."""
from reporting.suppression import Cell, relation, suppress


def test_a_cell_of_fewer_than_five_companies_is_hidden_and_five_is_shown():
    small, enough, empty = Cell(7, 4), Cell(9, 5), Cell(0, 0)
    suppress([small, enough, empty])
    assert small.hidden
    assert small.shown is None
    assert small.reason == "primary"
    assert not enough.hidden
    assert enough.shown == 9
    assert not empty.hidden  # an empty cell names no company


def test_a_single_hidden_part_takes_the_smallest_other_part_with_it_so_the_total_cannot_reveal_it():
    a, b, c = Cell(4, 4), Cell(10, 8), Cell(30, 20)
    total = Cell(44, 32)
    suppress([a, b, c], [relation(total, [a, b, c])])
    assert a.hidden
    assert b.hidden
    assert b.reason == "secondary"
    assert not c.hidden
    assert not total.hidden


def test_the_total_is_hidden_when_no_other_part_can_be():
    a, zero = Cell(3, 3), Cell(0, 0)
    total = Cell(3, 12)  # e.g. open needs of 3 companies, while the total counts 12
    suppress([a, zero], [relation(total, [a, zero])])
    assert a.hidden
    assert total.hidden
    assert not zero.hidden


def test_a_hidden_total_with_all_parts_shown_hides_one_part():
    a, b = Cell(10, 6), Cell(12, 7)
    total = Cell(22, 4)  # fewer companies in all than in the parts cannot happen; forced here
    suppress([a, b], [relation(total, [a, b])])
    assert total.hidden
    assert a.hidden
    assert not b.hidden


def test_a_total_shared_by_two_tables_is_hidden_in_both():
    total = Cell(20, 9)
    left = [Cell(2, 2), Cell(0, 0)]          # forces the shared total to be hidden
    right = [Cell(10, 5), Cell(10, 5)]       # then one of these must go as well
    suppress(left + right, [relation(total, left), relation(total, right)])
    assert total.hidden
    assert sum(c.hidden for c in right) == 1


def test_a_derived_cell_the_reader_never_sees_is_protected_too():
    reached, woman_led = Cell(8, 8), Cell(6, 6)
    not_woman_led = Cell(2, 2)  # reached - woman-led: two companies, all named by subtraction
    suppress([reached, woman_led, not_woman_led], [relation(reached, [woman_led, not_woman_led])])
    assert woman_led.hidden
