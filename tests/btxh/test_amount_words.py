import pytest

from btxh.amount_words import amount_in_words

CASES = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi bốn đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm lẻ năm đồng"),
    (110, "Một trăm mười đồng"),
    (2_024, "Hai nghìn không trăm hai mươi bốn đồng"),
    (10_000, "Mười nghìn đồng"),
    (360_000, "Ba trăm sáu mươi nghìn đồng"),
    (500_000, "Năm trăm nghìn đồng"),
    (750_000, "Bảy trăm năm mươi nghìn đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
    (1_000_500, "Một triệu năm trăm đồng"),
    (1_000_005, "Một triệu không trăm lẻ năm đồng"),
    (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
    (10_000_000, "Mười triệu đồng"),
    (25_015_000, "Hai mươi lăm triệu không trăm mười lăm nghìn đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (2_001_000_000, "Hai tỷ không trăm lẻ một triệu đồng"),
    (123_456_789_000, "Một trăm hai mươi ba tỷ bốn trăm năm mươi sáu triệu bảy trăm tám mươi chín nghìn đồng"),
]


@pytest.mark.parametrize(("amount", "words"), CASES)
def test_amount_is_read_as_an_accountant_writes_it(amount, words):
    assert amount_in_words(amount) == words
