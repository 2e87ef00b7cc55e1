import swf_rules


def test_everything_in_all_imports() -> None:
    for name in swf_rules.__all__:
        assert getattr(swf_rules, name) is not None, name


def test_all_is_sorted_and_unique() -> None:
    names = [n for n in swf_rules.__all__ if not n.startswith("__")]
    assert names == sorted(set(names))
