from core.csv_sniff import SNIFF_SAMPLE_CHARS, sniff_delimiter, sniff_sample


def test_the_sample_is_whole_lines_within_the_cap():
    text = "a;b\n" + ("1;2222222\n" * 2000)

    sample = sniff_sample(text)

    assert len(sample) <= SNIFF_SAMPLE_CHARS
    assert sample.endswith("\n") and sample.startswith("a;b\n")


def test_one_long_line_is_cut_at_the_cap():
    assert len(sniff_sample("x;" * 50_000)) == SNIFF_SAMPLE_CHARS


def test_common_delimiters_are_found():
    assert sniff_delimiter("a;b;c\n1;2;3\n4;5;6\n", ",;\t") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n", ",;\t") == "\t"
    assert sniff_delimiter("a,b\n1,2\n", ",;\t") == ","


def test_when_the_sniffer_gives_up_the_header_decides():
    # One line only: csv.Sniffer cannot decide, the header's commas can.
    assert sniff_delimiter('name,"age"', ",;\t") == ","


def test_no_candidate_in_the_header_is_none():
    assert sniff_delimiter("just one column\nvalue\n", ",;\t") is None
