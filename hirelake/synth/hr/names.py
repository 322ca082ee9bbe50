"""Realistic Chinese personal names (surname + one or two given-name characters) with their pinyin.

Surname weights follow the rough order of frequency in China; given-name characters are drawn from
pools that lean female or male, as names in the population do.
"""

from __future__ import annotations

import numpy as np

_SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "Wang", 7.1), ("李", "Li", 7.0), ("张", "Zhang", 6.7), ("刘", "Liu", 5.4), ("陈", "Chen", 4.5),
    ("杨", "Yang", 3.1), ("黄", "Huang", 2.3), ("赵", "Zhao", 2.3), ("吴", "Wu", 2.0), ("周", "Zhou", 1.9),
    ("徐", "Xu", 1.3), ("孙", "Sun", 1.2), ("马", "Ma", 1.2), ("朱", "Zhu", 1.1), ("胡", "Hu", 1.0),
    ("郭", "Guo", 1.0), ("何", "He", 0.9), ("高", "Gao", 0.9), ("林", "Lin", 0.9), ("罗", "Luo", 0.8),
    ("郑", "Zheng", 0.8), ("梁", "Liang", 0.7), ("谢", "Xie", 0.6), ("宋", "Song", 0.5), ("唐", "Tang", 0.5),
    ("许", "Xu", 0.5), ("韩", "Han", 0.5), ("冯", "Feng", 0.5), ("邓", "Deng", 0.5), ("曹", "Cao", 0.4),
    ("彭", "Peng", 0.4), ("曾", "Zeng", 0.4), ("肖", "Xiao", 0.4), ("田", "Tian", 0.3), ("董", "Dong", 0.3),
    ("欧阳", "Ouyang", 0.05), ("司马", "Sima", 0.01),
)  # fmt: skip
_FEMALE_GIVEN: tuple[tuple[str, str], ...] = (
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("秀", "xiu"), ("霞", "xia"), ("萍", "ping"), ("红", "hong"), ("玉", "yu"),
    ("婷", "ting"), ("雪", "xue"), ("琳", "lin"), ("欣", "xin"), ("怡", "yi"), ("佳", "jia"),
    ("慧", "hui"), ("颖", "ying"), ("倩", "qian"), ("梅", "mei"), ("兰", "lan"), ("晓", "xiao"),
    ("思", "si"), ("雨", "yu"), ("涵", "han"), ("悦", "yue"),
)  # fmt: skip
_MALE_GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("刚", "gang"), ("华", "hua"),
    ("文", "wen"), ("辉", "hui"), ("鑫", "xin"), ("宇", "yu"), ("浩", "hao"), ("晨", "chen"),
    ("博", "bo"), ("子", "zi"), ("轩", "xuan"), ("睿", "rui"), ("俊", "jun"), ("昊", "hao"),
    ("然", "ran"), ("建", "jian"), ("国", "guo"), ("志", "zhi"),
)  # fmt: skip


def _given_name(rng: np.random.Generator, pool: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    length = 1 if rng.random() < 0.3 else 2
    picks = rng.integers(0, len(pool), size=length)
    chars = "".join(pool[i][0] for i in picks)
    pinyin = "".join(pool[i][1] for i in picks)
    return chars, pinyin.capitalize()


def draw_names(rng: np.random.Generator, sexes: list[str]) -> tuple[list[str], list[str]]:
    """Chinese names and their pinyin ("Wang Xiuying") for people of the given sexes ('F' or 'M')."""
    weights = np.array([w for _, _, w in _SURNAMES])
    surname_idx = rng.choice(len(_SURNAMES), size=len(sexes), p=weights / weights.sum())
    names_zh: list[str] = []
    names_en: list[str] = []
    for sex, s_idx in zip(sexes, surname_idx, strict=True):
        surname_zh, surname_en, _ = _SURNAMES[s_idx]
        given_zh, given_en = _given_name(rng, _FEMALE_GIVEN if sex == "F" else _MALE_GIVEN)
        names_zh.append(surname_zh + given_zh)
        names_en.append(f"{surname_en} {given_en}")
    return names_zh, names_en
