"""Amounts in Vietnamese words, as written under a total on a payment list.

    amount_in_words(1_050_000) == "Một triệu không trăm năm mươi nghìn đồng"
    amount_in_words(2_024) == "Hai nghìn không trăm hai mươi bốn đồng"

Each group of three digits after the first is read in full ("không trăm", "lẻ"),
which is how accountants write amounts so that no digit can be added.
"""

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _read_group(n: int, full: bool) -> str:
    """Read 0..999. ``full`` reads the hundreds even when zero (every group but the leading one)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("lẻ")
            words.append(DIGITS[units])
    else:
        words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    return " ".join(words)


def number_in_words(n: int) -> str:
    if n < 0:
        return "âm " + number_in_words(-n)
    if n == 0:
        return "không"
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    if len(groups) > len(SCALES):
        raise ValueError("amount too large")
    words = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        group = groups[i]
        if group == 0:
            continue
        words.append(_read_group(group, full=i != top))
        if SCALES[i]:
            words.append(SCALES[i])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """Integer đồng -> "Một triệu không trăm năm mươi nghìn đồng"."""
    text = number_in_words(int(amount)) + " đồng"
    return text[0].upper() + text[1:]
