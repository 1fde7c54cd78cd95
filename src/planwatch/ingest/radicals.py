"""Fold radical and compatibility code points that PDF text extraction produces back to ordinary hanzi.

Why: many Chinese government PDFs (notably those printed from browsers or WPS with subset fonts) map
glyphs in their ToUnicode tables to the *radical* code points instead of the ordinary characters — the
text looks right on screen but extracts as ⼗ (U+2F17 KANGXI RADICAL TEN) instead of 十, or ⻓
(U+2ED3 CJK RADICAL C-SIMPLIFIED LONG) instead of 长. Searches, number parsing (⼗四五) and heading
rules (第⼀章) then silently fail.

Why not plain NFKC: it does fold the Kangxi Radicals block, but leaves the CJK Radicals Supplement
untouched (only ⺟ and ⻳ have compatibility decompositions) and it also rewrites content that plans
use on purpose: ① → 1 (an outline marker), ㎡ → m2, （一） → (一), full-width commas → ASCII commas.
So only these code points are folded:

* Kangxi Radicals U+2F00–U+2FD5: their NFKC form (all 214 have a compatibility decomposition).
* CJK Radicals Supplement U+2E80–U+2EF3: the table below, taken from the Unicode Character Database
  file EquivalentUnifiedIdeograph.txt (version 14.0), which lists the visually equivalent unified
  ideograph of each radical. U+2E80 has no equivalent and is left alone.
* CJK Compatibility Ideographs U+F900–U+FAFF and U+2F800–U+2FA1F: their NFC form (canonical
  singletons such as 﨑 → 崎 that some fonts also emit). Those without a decomposition are unchanged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Literal

# CJK Radicals Supplement → equivalent unified ideograph (UCD EquivalentUnifiedIdeograph.txt, 14.0).
SUPPLEMENT_EQUIVALENTS: dict[int, int] = {
    0x2E81: 0x5382,  # ⺁ CLIFF → 厂
    0x2E82: 0x4E5B,  # ⺂ SECOND ONE → 乛
    0x2E83: 0x4E5A,  # ⺃ SECOND TWO → 乚
    0x2E84: 0x4E59,  # ⺄ SECOND THREE → 乙
    0x2E85: 0x4EBB,  # ⺅ PERSON → 亻
    0x2E86: 0x5182,  # ⺆ BOX → 冂
    0x2E87: 0x20628,  # ⺇ TABLE → 𠘨
    0x2E88: 0x5200,  # ⺈ KNIFE ONE → 刀
    0x2E89: 0x5202,  # ⺉ KNIFE TWO → 刂
    0x2E8A: 0x535C,  # ⺊ DIVINATION → 卜
    0x2E8B: 0x353E,  # ⺋ SEAL → 㔾
    0x2E8C: 0x5C0F,  # ⺌ SMALL ONE → 小
    0x2E8D: 0x5C0F,  # ⺍ SMALL TWO → 小
    0x2E8E: 0x5140,  # ⺎ LAME ONE → 兀
    0x2E8F: 0x5C23,  # ⺏ LAME TWO → 尣
    0x2E90: 0x5C22,  # ⺐ LAME THREE → 尢
    0x2E91: 0x21BC2,  # ⺑ LAME FOUR → 𡯂
    0x2E92: 0x5DF3,  # ⺒ SNAKE → 巳
    0x2E93: 0x5E7A,  # ⺓ THREAD → 幺
    0x2E94: 0x5F51,  # ⺔ SNOUT ONE → 彑
    0x2E95: 0x5F50,  # ⺕ SNOUT TWO → 彐
    0x2E96: 0x5FC4,  # ⺖ HEART ONE → 忄
    0x2E97: 0x5FC3,  # ⺗ HEART TWO → 心
    0x2E98: 0x624C,  # ⺘ HAND → 扌
    0x2E99: 0x6535,  # ⺙ RAP → 攵
    0x2E9B: 0x65E1,  # ⺛ CHOKE → 旡
    0x2E9C: 0x65E5,  # ⺜ SUN → 日
    0x2E9D: 0x6708,  # ⺝ MOON → 月
    0x2E9E: 0x6B7A,  # ⺞ DEATH → 歺
    0x2E9F: 0x6BCD,  # ⺟ MOTHER → 母
    0x2EA0: 0x6C11,  # ⺠ CIVILIAN → 民
    0x2EA1: 0x6C35,  # ⺡ WATER ONE → 氵
    0x2EA2: 0x6C3A,  # ⺢ WATER TWO → 氺
    0x2EA3: 0x706C,  # ⺣ FIRE → 灬
    0x2EA4: 0x722B,  # ⺤ PAW ONE → 爫
    0x2EA5: 0x722B,  # ⺥ PAW TWO → 爫
    0x2EA6: 0x4E2C,  # ⺦ SIMPLIFIED HALF TREE TRUNK → 丬
    0x2EA7: 0x725B,  # ⺧ COW → 牛
    0x2EA8: 0x72AD,  # ⺨ DOG → 犭
    0x2EA9: 0x738B,  # ⺩ JADE → 王
    0x2EAA: 0x24D14,  # ⺪ BOLT OF CLOTH → 𤴔
    0x2EAB: 0x76EE,  # ⺫ EYE → 目
    0x2EAC: 0x793A,  # ⺬ SPIRIT ONE → 示
    0x2EAD: 0x793B,  # ⺭ SPIRIT TWO → 礻
    0x2EAE: 0x25AD7,  # ⺮ BAMBOO → 𥫗
    0x2EAF: 0x7CF9,  # ⺯ SILK → 糹
    0x2EB0: 0x7E9F,  # ⺰ C-SIMPLIFIED SILK → 纟
    0x2EB1: 0x7F53,  # ⺱ NET ONE → 罓
    0x2EB2: 0x7F52,  # ⺲ NET TWO → 罒
    0x2EB3: 0x34C1,  # ⺳ NET THREE → 㓁
    0x2EB4: 0x5197,  # ⺴ NET FOUR → 冗
    0x2EB5: 0x2626B,  # ⺵ MESH → 𦉫
    0x2EB6: 0x7F8A,  # ⺶ SHEEP → 羊
    0x2EB7: 0x2634C,  # ⺷ RAM → 𦍌
    0x2EB8: 0x2634B,  # ⺸ EWE → 𦍋
    0x2EB9: 0x8002,  # ⺹ OLD → 耂
    0x2EBA: 0x8080,  # ⺺ BRUSH ONE → 肀
    0x2EBB: 0x807F,  # ⺻ BRUSH TWO → 聿
    0x2EBC: 0x8089,  # ⺼ MEAT → 肉
    0x2EBD: 0x26951,  # ⺽ MORTAR → 𦥑
    0x2EBE: 0x8279,  # ⺾ GRASS ONE → 艹
    0x2EBF: 0x8279,  # ⺿ GRASS TWO → 艹
    0x2EC0: 0x8279,  # ⻀ GRASS THREE → 艹
    0x2EC1: 0x864E,  # ⻁ TIGER → 虎
    0x2EC2: 0x8864,  # ⻂ CLOTHES → 衤
    0x2EC3: 0x8980,  # ⻃ WEST ONE → 覀
    0x2EC4: 0x897F,  # ⻄ WEST TWO → 西
    0x2EC5: 0x89C1,  # ⻅ C-SIMPLIFIED SEE → 见
    0x2EC6: 0x89D2,  # ⻆ SIMPLIFIED HORN → 角
    0x2EC7: 0x278B2,  # ⻇ HORN → 𧢲
    0x2EC8: 0x8BA0,  # ⻈ C-SIMPLIFIED SPEECH → 讠
    0x2EC9: 0x8D1D,  # ⻉ C-SIMPLIFIED SHELL → 贝
    0x2ECA: 0x27FB7,  # ⻊ FOOT → 𧾷
    0x2ECB: 0x8F66,  # ⻋ C-SIMPLIFIED CART → 车
    0x2ECC: 0x8FB6,  # ⻌ SIMPLIFIED WALK → 辶
    0x2ECD: 0x8FB6,  # ⻍ WALK ONE → 辶
    0x2ECE: 0x8FB6,  # ⻎ WALK TWO → 辶
    0x2ECF: 0x9091,  # ⻏ CITY → 邑
    0x2ED0: 0x9485,  # ⻐ C-SIMPLIFIED GOLD → 钅
    0x2ED1: 0x9577,  # ⻑ LONG ONE → 長
    0x2ED2: 0x9578,  # ⻒ LONG TWO → 镸
    0x2ED3: 0x957F,  # ⻓ C-SIMPLIFIED LONG → 长
    0x2ED4: 0x95E8,  # ⻔ C-SIMPLIFIED GATE → 门
    0x2ED5: 0x28E0F,  # ⻕ MOUND ONE → 𨸏
    0x2ED6: 0x961D,  # ⻖ MOUND TWO → 阝
    0x2ED7: 0x96E8,  # ⻗ RAIN → 雨
    0x2ED8: 0x9752,  # ⻘ BLUE → 青
    0x2ED9: 0x97E6,  # ⻙ C-SIMPLIFIED TANNED LEATHER → 韦
    0x2EDA: 0x9875,  # ⻚ C-SIMPLIFIED LEAF → 页
    0x2EDB: 0x98CE,  # ⻛ C-SIMPLIFIED WIND → 风
    0x2EDC: 0x98DE,  # ⻜ C-SIMPLIFIED FLY → 飞
    0x2EDD: 0x98DF,  # ⻝ EAT ONE → 食
    0x2EDE: 0x2967F,  # ⻞ EAT TWO → 𩙿
    0x2EDF: 0x98E0,  # ⻟ EAT THREE → 飠
    0x2EE0: 0x9963,  # ⻠ C-SIMPLIFIED EAT → 饣
    0x2EE1: 0x29810,  # ⻡ HEAD → 𩠐
    0x2EE2: 0x9A6C,  # ⻢ C-SIMPLIFIED HORSE → 马
    0x2EE3: 0x9AA8,  # ⻣ BONE → 骨
    0x2EE4: 0x9B3C,  # ⻤ GHOST → 鬼
    0x2EE5: 0x9C7C,  # ⻥ C-SIMPLIFIED FISH → 鱼
    0x2EE6: 0x9E1F,  # ⻦ C-SIMPLIFIED BIRD → 鸟
    0x2EE7: 0x5364,  # ⻧ C-SIMPLIFIED SALT → 卤
    0x2EE8: 0x9EA6,  # ⻨ SIMPLIFIED WHEAT → 麦
    0x2EE9: 0x9EC4,  # ⻩ SIMPLIFIED YELLOW → 黄
    0x2EEA: 0x9EFE,  # ⻪ C-SIMPLIFIED FROG → 黾
    0x2EEB: 0x6589,  # ⻫ J-SIMPLIFIED EVEN → 斉
    0x2EEC: 0x9F50,  # ⻬ C-SIMPLIFIED EVEN → 齐
    0x2EED: 0x6B6F,  # ⻭ J-SIMPLIFIED TOOTH → 歯
    0x2EEE: 0x9F7F,  # ⻮ C-SIMPLIFIED TOOTH → 齿
    0x2EEF: 0x7ADC,  # ⻯ J-SIMPLIFIED DRAGON → 竜
    0x2EF0: 0x9F99,  # ⻰ C-SIMPLIFIED DRAGON → 龙
    0x2EF1: 0x9F9C,  # ⻱ TURTLE → 龜
    0x2EF2: 0x4E80,  # ⻲ J-SIMPLIFIED TURTLE → 亀
    0x2EF3: 0x9F9F,  # ⻳ C-SIMPLIFIED TURTLE → 龟
}


def _normalised(codepoints: Iterable[int], form: Literal["NFC", "NFKC"]) -> dict[int, str]:
    """Code points whose Unicode normal form (`form`) differs from themselves."""
    table: dict[int, str] = {}
    for codepoint in codepoints:
        char = chr(codepoint)
        folded = unicodedata.normalize(form, char)
        if folded != char:
            table[codepoint] = folded
    return table


def _build_table() -> dict[int, str]:
    table = _normalised(range(0x2F00, 0x2FD6), "NFKC")
    table.update({source: chr(target) for source, target in SUPPLEMENT_EQUIVALENTS.items()})
    table.update(_normalised(range(0xF900, 0xFB00), "NFC"))
    table.update(_normalised(range(0x2F800, 0x2FA20), "NFC"))
    return table


RADICAL_TABLE: dict[int, str] = _build_table()


def fold_radicals(text: str) -> str:
    """Replace radical and compatibility-ideograph code points by the ordinary characters."""
    return text.translate(RADICAL_TABLE)
