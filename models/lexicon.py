"""Word lists the language features count, in Mandarin and English.

Kept as data in one place so a hospital can review them; rubric-specific domain terms come from the
question bank and are added per answer on top of the general medical lexicon here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["zh", "en"]


@dataclass(frozen=True)
class Lexicon:
    fillers: tuple[str, ...]
    empathy_phrases: tuple[str, ...]
    structure_markers: tuple[str, ...]
    medical_terms: tuple[str, ...]


ZH = Lexicon(
    fillers=("嗯", "呃", "啊", "那个", "就是说", "这个这个", "怎么说呢"),
    empathy_phrases=(
        "我理解你的担心", "我理解您的担心", "我能理解", "我理解您的感受", "我理解你的感受",
        "请您放心", "您别着急", "别担心", "辛苦了", "我们会一直陪着您",
    ),
    structure_markers=("首先", "其次", "然后", "接着", "最后", "第一", "第二", "第三", "总之", "另外"),
    medical_terms=(
        "溶栓", "心肌梗死", "心梗", "心电图", "肌钙蛋白", "阿司匹林", "肝素", "血压", "血氧", "心率",
        "呼吸", "气道", "心肺复苏", "除颤", "胸外按压", "分诊", "生命体征", "静脉通路", "出血",
        "禁忌证", "适应证", "过敏", "知情同意", "隐私", "病历", "保密", "感染", "无菌", "消毒",
        "手卫生", "给药", "剂量", "医嘱", "核对", "交接班", "护理记录", "跌倒", "压疮", "镇静",
        "休克", "脑卒中", "血糖", "胰岛素", "抗生素", "并发症", "麻醉", "手术风险", "监护",
    ),
)  # fmt: skip

EN = Lexicon(
    fillers=("um", "uh", "er", "erm", "you know", "i mean", "kind of", "sort of"),
    empathy_phrases=(
        "i understand your worry", "i understand your concern", "i understand how you feel",
        "i can understand", "i'm sorry", "i am sorry", "don't worry", "we are here with you",
        "that must be hard", "take your time",
    ),
    structure_markers=("first", "firstly", "second", "secondly", "then", "next", "finally", "lastly",
                       "in summary", "in addition"),
    medical_terms=(
        "thrombolysis", "myocardial infarction", "heart attack", "ecg", "electrocardiogram", "troponin",
        "aspirin", "heparin", "blood pressure", "oxygen saturation", "heart rate", "airway",
        "breathing", "circulation", "cpr", "defibrillation", "chest compressions", "triage",
        "vital signs", "iv access", "bleeding", "contraindication", "contraindications", "indication",
        "indications", "allergy", "informed consent", "privacy", "medical record", "confidentiality",
        "infection", "sterile", "hand hygiene", "dosage", "dose", "medication", "handover",
        "fall risk", "pressure ulcer", "sedation", "shock", "stroke", "blood glucose", "insulin",
        "antibiotics", "complications", "anaesthesia", "anesthesia", "monitoring",
    ),
)  # fmt: skip

LEXICONS: dict[Language, Lexicon] = {"zh": ZH, "en": EN}

# Negation cues: a sentence that contains one says the opposite of the same sentence without it, which
# sentence embeddings barely notice (e5 puts "stop the drug" and "do not stop the drug" at ~0.9).
# Scoring compares the polarity of an answer sentence with the rubric wording it resembles.
NEGATION_WORDS_EN: tuple[str, ...] = (
    "not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "cannot",
)  # fmt: skip
# Phrases that contain a cue but bound a quantity, ask a question or grant permission ("no problem",
# 没关系) rather than deny something.
NEGATION_EXCEPTIONS_EN: tuple[str, ...] = (
    "no later than", "no more than", "not only", "no matter", "no less than", "no problem",
    "not a problem", "no big deal", "nothing wrong",
)  # fmt: skip
NEGATION_CUES_ZH: tuple[str, ...] = ("不", "没", "无", "别", "勿", "未", "禁止", "非")
NEGATION_EXCEPTIONS_ZH: tuple[str, ...] = (
    "不适", "不良", "不满", "不好的", "不便", "不安", "不舒服", "不同", "不断", "不足", "不仅", "不管",
    "无论", "无菌", "无创", "非常", "不超过", "不低于", "不少于", "不高于", "不多于", "毫不犹豫", "别人",
    "分别", "区别", "识别", "特别", "级别", "类别", "有无", "有没有", "是不是", "要不要", "能不能", "会不会",
    "对不对", "好不好", "未来", "没关系", "没问题", "不要紧", "无所谓", "没事",
)  # fmt: skip

# Vague hedges: an answer built from these proposes no concrete action (feasibility), and a sentence
# containing one never counts as stating a key point.
HEDGES: dict[Language, tuple[str, ...]] = {
    "zh": (
        "看具体情况", "要看情况", "看情况", "问问同事", "问同事", "按照科室的规定", "按规定来", "不太清楚",
        "不确定", "不知道", "说不好", "可能吧", "大概吧", "再说吧",
    ),
    "en": (
        "it depends", "depends on the situation", "ask a colleague", "ask my colleagues", "ask someone",
        "follow the department's rules", "follow the rules", "not sure", "i guess", "maybe",
        "i don't know", "hard to say", "see what happens",
    ),
}  # fmt: skip
