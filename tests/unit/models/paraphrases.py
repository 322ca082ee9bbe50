# ruff: noqa: E501  (one case per line reads as a table; the sentences cannot be wrapped)
"""Hand-written paraphrases of rubric statements, for calibrating and testing semantic coverage.

Each case names a bank question, the key point or red flag it is about, and whether a careful human
reader would say the sentence states it (`True`) or not (`False`: a negation, or a different point).
The wordings deliberately avoid the rubric's own words where a paraphrase allows.
"""

from __future__ import annotations

from typing import Literal, NamedTuple


class Case(NamedTuple):
    bank_id: str
    question_id: str
    target: str  # key point id or red flag id
    language: Literal["zh", "en"]
    sentence: str
    states_it: bool


KEY_POINT_CASES: tuple[Case, ...] = (
    # English paraphrases that state the point
    Case("nurse_emergency", "EDN-O01", "stop_drug", "en", "I would immediately halt the injection and shout for assistance.", True),
    Case("nurse_emergency", "EDN-O01", "airway_oxygen", "en", "Make sure the airway stays clear and put the patient on high-flow O2.", True),
    Case("nurse_emergency", "EDN-O01", "monitor", "en", "I keep watching the blood pressure, pulse and saturation and write them down.", True),
    Case("nurse_emergency", "EDN-K02", "rate", "en", "Push at a pace of about 100 to 120 compressions every minute.", True),
    Case("nurse_emergency", "EDN-O02", "call_backup", "en", "I phone the on-call physician and the head nurse to get extra hands.", True),
    Case("nurse_emergency", "EDN-P01", "calm_listen", "en", "I keep my composure and let the relative tell me what upsets them.", True),
    Case("nurse_emergency", "EDN-C01", "check_authorisation", "en", "I would verify that the patient has given permission for her brother to be told.", True),
    Case("nurse_emergency", "EDN-C01", "no_disclosure", "en", "Without the patient's permission the results stay confidential.", True),
    Case("clinical_physician_emergency", "EDP-K02", "cultures_first", "en", "Blood cultures should be drawn before the first antibiotic dose.", True),
    Case("clinical_physician_emergency", "EDP-O02", "call_help", "en", "I would call the senior doctors and trigger the major incident plan.", True),
    Case("administrative", "ADM-O01", "follow_up", "en", "We set a date when I will come back to them with an answer.", True),
    Case("administrative", "ADM-O02", "deadline", "en", "Everyone gets a firm time by which the documents must be handed in.", True),
    Case("nurse_ward", "WN-K01", "reposition", "en", "Turn the patient at least once every two hours.", True),
    Case("nurse_ward", "WN-C02", "lock_screen", "en", "Whenever I step away from the computer I lock it.", True),
    # English negations and other points: must not count
    Case("nurse_emergency", "EDN-O01", "stop_drug", "en", "I would not stop the drug, I would just keep going with it.", False),
    Case("nurse_emergency", "EDN-O01", "monitor", "en", "There is no need to monitor the vital signs afterwards.", False),
    Case("nurse_emergency", "EDN-O02", "call_backup", "en", "I would never call the doctor at night, I manage it alone.", False),
    Case("nurse_emergency", "EDN-C01", "check_authorisation", "en", "I do not bother checking whether the patient agreed.", False),
    Case("administrative", "ADM-O02", "deadline", "en", "I would not set any deadline, people can hand things in whenever.", False),
    Case("nurse_ward", "WN-C02", "lock_screen", "en", "I never lock the screen when I leave the computer.", False),
    Case("nurse_emergency", "EDN-O01", "adrenaline", "en", "I keep the airway open and give oxygen.", False),
    Case("nurse_emergency", "EDN-K01", "level_two", "en", "I think it depends on the situation.", False),
    # Mandarin paraphrases that state the point
    Case("nurse_emergency", "EDN-O01", "stop_drug", "zh", "我会马上停掉这个药，同时叫人来帮忙。", True),
    Case("nurse_emergency", "EDN-O01", "airway_oxygen", "zh", "要让患者气道畅通，并且给他大流量吸氧。", True),
    Case("nurse_emergency", "EDN-O01", "monitor", "zh", "我会一直观察他的血压、心率和血氧，并做好记录。", True),
    Case("nurse_emergency", "EDN-K02", "rate", "zh", "每分钟按压大概一百到一百二十下。", True),
    Case("nurse_emergency", "EDN-O02", "call_backup", "zh", "我会马上打电话给值班医生和护士长，请他们过来帮忙。", True),
    Case("nurse_emergency", "EDN-P01", "calm_listen", "zh", "我会先稳住情绪，听家属把不满说完。", True),
    Case("nurse_emergency", "EDN-C01", "check_authorisation", "zh", "我要先核实患者有没有同意让哥哥知道结果。", True),
    Case("nurse_emergency", "EDN-C01", "no_disclosure", "zh", "患者没有同意的话，检查结果我是不能说的。", True),
    Case("clinical_physician_emergency", "EDP-K02", "cultures_first", "zh", "在用抗生素之前要先抽血做培养。", True),
    Case("clinical_physician_emergency", "EDP-O02", "call_help", "zh", "我会叫上级医生过来，并启动批量伤员的应急预案。", True),
    Case("administrative", "ADM-O01", "follow_up", "zh", "我们约一个时间，到时候我再给大家答复。", True),
    Case("administrative", "ADM-O02", "deadline", "zh", "给每个科室规定好交材料的具体时间点。", True),
    Case("nurse_ward", "WN-K01", "reposition", "zh", "至少每两个小时帮患者翻一次身。", True),
    Case("nurse_ward", "WN-C02", "lock_screen", "zh", "只要离开电脑，我都会把屏幕锁上。", True),
    # Mandarin negations and other points: must not count
    Case("nurse_emergency", "EDN-O01", "stop_drug", "zh", "我不会停药，继续打完就行。", False),
    Case("nurse_emergency", "EDN-O01", "monitor", "zh", "之后就没必要再监测生命体征了。", False),
    Case("nurse_emergency", "EDN-O02", "call_backup", "zh", "夜里我不会叫医生，自己处理就好。", False),
    Case("nurse_emergency", "EDN-C01", "check_authorisation", "zh", "我不会去确认患者有没有授权。", False),
    Case("administrative", "ADM-O02", "deadline", "zh", "我不会规定截止时间，大家什么时候交都行。", False),
    Case("nurse_ward", "WN-C02", "lock_screen", "zh", "离开电脑的时候我从来不锁屏。", False),
    Case("nurse_emergency", "EDN-O01", "adrenaline", "zh", "我会保持气道通畅并给予吸氧。", False),
    Case("nurse_emergency", "EDN-K01", "level_two", "zh", "这个问题我觉得要看具体情况。", False),
)  # fmt: skip

RED_FLAG_CASES: tuple[Case, ...] = (
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "en", "Since he is her brother, I would just give him the results.", True),
    Case("nurse_ward", "WN-C02", "share_login", "en", "It is easier if the whole team uses the same account.", True),
    Case("clinical_physician_cardiology", "CARDP-C02", "email_identified", "en", "I would simply send them the spreadsheet with the names in it by email.", True),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "en", "Even though he is family, I would not tell him the results.", False),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "en", "Being family is not the same as authorisation, so he gets nothing from me.", False),
    Case("nurse_ward", "WN-C02", "share_login", "en", "We must never share one login, even when it is convenient.", False),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "en", "First, I check whether the patient authorised him to know.", False),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "zh", "他是患者的哥哥，直接把结果告诉他就行。", True),
    Case("nurse_ward", "WN-C02", "share_login", "zh", "为了省事，大家用同一个账号登录就可以。", True),
    Case("clinical_physician_cardiology", "CARDP-C02", "email_identified", "zh", "直接把带患者姓名的表格发邮件给他们。", True),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "zh", "虽然他是亲人，但是我不能告诉他检查结果。", False),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "zh", "亲属关系不等于授权，所以我不会透露。", False),
    Case("nurse_ward", "WN-C02", "share_login", "zh", "不能为了方便大家共用一个账号。", False),
    Case("nurse_emergency", "EDN-C01", "relatives_may_know", "zh", "首先，先确认患者是否授权他知道。", False),
)  # fmt: skip
