#!/usr/bin/env python3
"""Prints the input events of events/xinjiang-sme-2023.jsonl (JSON Lines, without seq/recorded/prev).

Every figure comes from seed 000 (新疆 2023 年度中小企业发展专项资金绩效自评报告, 2024-03-25) or seed 001
(乌鲁木齐市 2023 年中央中小企业发展专项资金项目绩效评价报告). Each event's `note` says where. Where a seed
gives no day, `date_precision` says what is known and `date` is a placement day that keeps the known order.
Where a seed gives an amount but not its recipient, the recipient is an aggregate named for what it is.
Build the ledger with scripts/build-sample-ledgers.sh (it appends these lines through fundledger).
"""
import json

S000 = "seed 000 (新疆中小企业发展专项资金 2023 年度绩效自评报告, 2024-03-25)"
S001 = "seed 001 (乌鲁木齐市 2023 年中央中小企业发展专项资金项目绩效评价报告)"
events = []


def wan(text):
    """万元 decimal string to fen, exactly."""
    whole, _, frac = text.partition(".")
    frac = (frac + "000000")[:6]
    assert len(text.partition(".")[2]) <= 6
    return int(whole) * 1_000_000 + int(frac)


def add(**fields):
    event = {k: v for k, v in fields.items() if v is not None}
    events.append(event)


OPEN_DATE = "2022-11-01"
OPEN_NOTE = "ledger opening; the holder existed before the ledger begins"


def open_holder(holder, name, level, parent=None, aliases=None, note=OPEN_NOTE):
    add(id=f"open-{holder}", type="open", date=OPEN_DATE, holder=holder, name=name, level=level,
        parent=parent, aliases=aliases, note=note)


def define(program, name, source, parent=None, note=None):
    add(id=f"define-{program}", type="define", date=OPEN_DATE, program=program, name=name, source=source,
        parent=parent, note=note)


def move(kind, id, date, frm, to, program, amount, doc=None, note=None, precision=None):
    add(id=id, type=kind, date=date, date_precision=precision, **{"from": frm}, to=to, program=program,
        budget_year=2023, amount_fen=wan(amount), doc=doc, note=note)


def budget(id, date, holder, program, amount, doc=None, note=None, precision=None):
    add(id=id, type="budget", date=date, date_precision=precision, holder=holder, program=program,
        budget_year=2023, amount_fen=wan(amount), doc=doc, note=note)


# --- Holders -------------------------------------------------------------------------------------------
open_holder("mof", "财政部", "central")
open_holder("xj", "新疆维吾尔自治区", "province", "mof",
            ["新疆", "自治区", "新疆维吾尔自治区财政厅", "自治区财政厅", "新疆维吾尔自治区工业和信息化厅", "自治区工信厅"],
            note=OPEN_NOTE + "; 财政厅 issues the funds and 工信厅 manages them, as seed 000 names them")
PREFECTURES = [
    ("urumqi", "乌鲁木齐市", []),
    ("ili", "伊犁哈萨克自治州", ["伊犁州"]),
    ("tacheng", "塔城地区", []),
    ("altay", "阿勒泰地区", []),
    ("karamay", "克拉玛依市", []),
    ("bortala", "博尔塔拉蒙古自治州", ["博州"]),
    ("changji", "昌吉回族自治州", ["昌吉州", "昌吉回族自治区"]),
    ("hami", "哈密市", ["哈密"]),
    ("turpan", "吐鲁番市", ["吐鲁番"]),
    ("bayingol", "巴音郭楞蒙古自治州", ["巴州"]),
    ("aksu", "阿克苏地区", []),
    ("kizilsu", "克孜勒苏柯尔克孜自治州", ["克州"]),
    ("kashgar", "喀什地区", []),
    ("hotan", "和田地区", []),
]
NAME = {pid: name for pid, name, _ in PREFECTURES}
for pid, name, aliases in PREFECTURES:
    note = OPEN_NOTE
    if "昌吉回族自治区" in aliases:
        note += "; seed 000's 小微企业融资担保降费奖补 execution table writes 昌吉回族自治区 (a slip for 昌吉回族自治州)"
    open_holder(pid, name, "prefecture", "xj", aliases or None, note=note)
open_holder("urumqi-miit", "乌鲁木齐市工业和信息化局", "unit", "urumqi", ["乌鲁木齐市工信局"],
            note=OPEN_NOTE + "; " + S001 + ": the municipal 财政局 issued the funds to it and it paid the firms")
FIRMS = [
    ("firm-jinxuechi", "新疆金雪驰科技股份有限公司"),
    ("firm-dean", "新疆德安环保科技股份有限公司"),
    ("firm-xinyanmushen", "新疆新研牧神科技有限公司"),
    ("firm-sugon", "新疆中科曙光云计算有限公司"),
    ("firm-delan", "德蓝水技术股份有限公司"),
    ("firm-huatailong", "乌鲁木齐市华泰隆化学助剂有限公司"),
]
for fid, name in FIRMS:
    open_holder(fid, name, "recipient", "urumqi", note=OPEN_NOTE + "; one of the six 重点“小巨人” firms named in " + S001)
open_holder("xj-benji", "自治区本级", "unit", "xj",
            note=OPEN_NOTE + "; seed 000 reports the region-level (本级) 5,000 万元 and its execution as one line; "
            "it does not say how the 4,999.9983 executed splits between 工信厅机关 and 服务中心, so the money is held and paid at this level")
open_holder("xj-miit-office", "自治区工信厅机关", "unit", "xj-benji", ["新疆维吾尔自治区工业和信息化厅机关"])
open_holder("xj-sme-center", "自治区中小企业服务中心", "unit", "xj-benji", ["新疆维吾尔自治区中小企业服务中心"])
open_holder("xj-reguarantee", "新疆再担保（集团）有限责任公司", "recipient", "xj", ["新疆再担保（集团）有限公司"],
            note=OPEN_NOTE + "; seed 000's execution table writes 新疆再担保（集团）有限公司")
# Recipients the seeds give amounts for but do not name.
for pid, count in [("ili", 1), ("tacheng", 1), ("changji", 2)]:
    open_holder(f"{pid}-sg-firms", f"{NAME[pid]} 重点小巨人企业（名称未公开，{count}家）", "recipient", pid,
                note="aggregate recipient: seed 000 gives the amount and the number of firms (绩效目标表: "
                f"支持重点“小巨人”企业数量 {count} 户) but not their names")
open_holder("urumqi-digital-platform", "乌鲁木齐市 数字化公共服务平台（名称未公开，1家）", "recipient", "urumqi",
            note="aggregate recipient: seed 000 gives 105 万元 for 1 数字化公共服务平台 in 乌鲁木齐市, not its name")
GUARANTEE = [("urumqi", "60.3"), ("ili", "53.48"), ("tacheng", "16.06"), ("altay", "18.44"), ("bortala", "32.26"),
             ("changji", "27.45"), ("hami", "6.93"), ("bayingol", "33.75"), ("aksu", "37.5"), ("kashgar", "12.06"),
             ("hotan", "5.77")]
for pid, _ in GUARANTEE:
    open_holder(f"{pid}-guarantee-bodies", f"{NAME[pid]} 融资担保机构（名称未公开）", "recipient", pid,
                note="aggregate recipient: seed 000 gives the prefecture's 小微企业融资担保降费奖补 execution, not the bodies paid")
SERVICE = [("urumqi", "557"), ("ili", "139"), ("tacheng", "83"), ("altay", "88"), ("karamay", "111"), ("bortala", "100"),
           ("changji", "190"), ("hami", "65"), ("turpan", "65"), ("bayingol", "94"), ("aksu", "115"),
           ("kizilsu", "75"), ("kashgar", "98"), ("hotan", "120")]
for pid, _ in SERVICE:
    open_holder(f"{pid}-service-units", f"{NAME[pid]} 中小企业服务体系建设项目单位（名称未公开）", "recipient", pid,
                note="aggregate recipient: seed 000 gives each prefecture's execution of the 1,900 万元, not the units paid")
open_holder("xj-benji-payees", "自治区本级项目支出收款方（名称未公开）", "recipient", "xj-benji",
            note="aggregate recipient: seed 000 gives 本级 execution 4,999.9983 万元 over 11 project lines, not who was paid")

# --- Programs ------------------------------------------------------------------------------------------
define("central-sme", "中央中小企业发展专项资金", "central", note=S000)
define("cs-little-giant", "第二批财政支持专精特新“小巨人”企业高质量发展第二年奖补资金", "central", "central-sme",
       note="issued 60% (1,200) in advance under 财建〔2022〕393号 and 40% (800) under 财建〔2023〕122号")
define("cs-guarantee", "小微企业融资担保降费奖补资金", "central", "central-sme")
define("cs-digital", "中小企业数字化转型试点奖补资金", "central", "central-sme")
define("regional-sme", "自治区中小企业发展专项资金", "regional", note=S000 + ", 第二部分")
define("rs-service", "自治区中小企业发展专项资金（中小企业服务体系建设）", "regional", "regional-sme")
define("rs-benji", "自治区中小企业发展专项资金（自治区本级）", "regional", "regional-sme",
       note="11 project lines: 专精特新中小企业培育项目奖励 4100, 中小企业创新服务券项目补助 190, 创客中国新疆中小企业创新创业大赛组织 120, "
       "第十八届中国国际中小企业博览会组展 75, 第十二届 APEC 中小企业技术交流暨展览会组展 55, 中小企业发展环境评估项目 60, "
       "2023 年度中小企业发展专项资金使用效果评估项目 30, 中小企业运行监测项目 30, 优质中小企业梯度培育及发展情况研究项目 40, "
       "自治区中小企业数字化转型研究项目 50, 自治区中小企业公共服务平台网络枢纽平台维护 250 (seed 000)")
define("rs-risk-compensation", "自治区中小企业发展专项资金（小微型企业融资担保风险补偿）", "regional", "regional-sme")

# --- 2022-11: the ministry's advance issue ------------------------------------------------------------
N393 = S000 + ": “2022 年 11 月 … 财建〔2022〕393 号 … 提前下达 … 1200 万元（60%）”; the day is not given"
budget("budget-xj-cs-lg-393", "2022-11-30", "xj", "cs-little-giant", "1200", "财建〔2022〕393号", N393, "month")
move("allocate", "allocate-393", "2022-11-30", "mof", "xj", "cs-little-giant", "1200", "财建〔2022〕393号", N393, "month")

# --- 2022-12-15: the regional fund's advance issue to 14 prefectures ------------------------------------
N73 = S000 + ": 2022-12-15 新财企〔2022〕73号 下达 1900 万元, table 2023年自治区下达中小企业发展专项资金明细表"
budget("budget-xj-rs-service", "2022-12-15", "xj", "rs-service", "1900", "新财企〔2022〕73号", N73)
for pid, amount in SERVICE:
    budget(f"budget-{pid}-rs-service", "2022-12-15", pid, "rs-service", amount, "新财企〔2022〕73号", N73)
    move("allocate", f"allocate-73-{pid}", "2022-12-15", "xj", pid, "rs-service", amount, "新财企〔2022〕73号", N73)

# --- ≤ 2022-12-20: the region passes the 1,200 on (新财企〔2022〕72号) ---------------------------------------
N72 = (S000 + ": 自治区分解下达预算情况 table, column (60%); 新财企〔2022〕72号 gives no date; it preceded "
       "乌鲁木齐's own issue of 2022-12-20 (" + S001 + ")")
for pid, amount in [("urumqi", "720"), ("ili", "120"), ("tacheng", "120"), ("changji", "240")]:
    budget(f"budget-{pid}-cs-lg-72", "2022-12-20", pid, "cs-little-giant", amount, "新财企〔2022〕72号", N72, "before")
    move("redistribute", f"redistribute-72-{pid}", "2022-12-20", "xj", pid, "cs-little-giant", amount,
         "新财企〔2022〕72号", N72, "before")

# --- 2022-12-20: Urumqi's municipal issue --------------------------------------------------------------
move("redistribute", "redistribute-wcq-2022-63", "2022-12-20", "urumqi", "urumqi-miit", "cs-little-giant", "720",
     "乌财企〔2022〕63号", S001 + ": 乌财企〔2022〕63号 of 2022-12-20 issued 720 万元, 120 万元 for each of six firms")

# --- 2023-02-08: risk compensation to 新疆再担保 ---------------------------------------------------------
N6 = S000 + ": 2023-02-08 新财企〔2023〕6号 下达新疆再担保（集团）有限责任公司 风险补偿资金 1000 万元"
budget("budget-xj-rs-risk", "2023-02-08", "xj", "rs-risk-compensation", "1000", "新财企〔2023〕6号", N6)
budget("budget-reguarantee-rs-risk", "2023-02-08", "xj-reguarantee", "rs-risk-compensation", "1000", "新财企〔2023〕6号", N6)
move("allocate", "allocate-6-reguarantee", "2023-02-08", "xj", "xj-reguarantee", "rs-risk-compensation", "1000",
     "新财企〔2023〕6号", N6)

# --- 2023-02-21: first payment to the six firms ----------------------------------------------------------
for fid, name in FIRMS:
    move("disburse", f"pay-2023-02-21-{fid}", "2023-02-21", "urumqi-miit", fid, "cs-little-giant", "120", None,
         S001 + ": 第一批专项资金 720 万元于 2023 年 2 月 21 日全部支付完毕, 120 万元/家 (国库集中支付凭证, 附件7)")

# --- 2023-05: guarantee fee award ------------------------------------------------------------------------
N103 = S000 + ": “2023 年 5 月 … 财建〔2023〕103号 … 304 万元”; the day is not given"
budget("budget-xj-cs-guarantee", "2023-05-31", "xj", "cs-guarantee", "304", "财建〔2023〕103号", N103, "month")
move("allocate", "allocate-103", "2023-05-31", "mof", "xj", "cs-guarantee", "304", "财建〔2023〕103号", N103, "month")

# --- 2023-06: the remaining 40% and the digitalisation pilot ----------------------------------------------
N122 = S000 + ": “2023年6月 … 财建〔2023〕122号 … 905万元, 其中 … 800万元（40%）, … 数字化转型试点奖补资金105万元”; the day is not given"
budget("budget-xj-cs-lg-122", "2023-06-30", "xj", "cs-little-giant", "800", "财建〔2023〕122号", N122, "month")
budget("budget-xj-cs-digital", "2023-06-30", "xj", "cs-digital", "105", "财建〔2023〕122号", N122, "month")
move("allocate", "allocate-122-little-giant", "2023-06-30", "mof", "xj", "cs-little-giant", "800", "财建〔2023〕122号", N122, "month")
move("allocate", "allocate-122-digital", "2023-06-30", "mof", "xj", "cs-digital", "105", "财建〔2023〕122号", N122, "month")

# --- ≤ 2023-08-07: the region passes on the 905 -----------------------------------------------------------
N905 = (S000 + ": 自治区分解下达预算情况 table, columns (40%) and 数字化转型; issued under 《关于下达 2023 年中小企业发展专项资金预算的通知》, "
        "whose number and date the seed does not give; it preceded 乌鲁木齐's issue of 2023-08-07 (" + S001 + ")")
for pid, program, amount in [("urumqi", "cs-little-giant", "480"), ("urumqi", "cs-digital", "105"), ("ili", "cs-little-giant", "80"),
                             ("tacheng", "cs-little-giant", "80"), ("changji", "cs-little-giant", "160")]:
    budget(f"budget-{pid}-{program}-2023", "2023-08-07", pid, program, amount, None, N905, "before")
    move("redistribute", f"redistribute-2023-{pid}-{program}", "2023-08-07", "xj", pid, program, amount, None, N905, "before")

# --- 2023-08-07: Urumqi's second municipal issue ------------------------------------------------------------
N61 = S001 + ": 乌财企〔2023〕61号 of 2023-08-07 issued 585 万元, 其中 480 万元 for the six firms (80 万元/家)"
move("redistribute", "redistribute-wcq-2023-61-little-giant", "2023-08-07", "urumqi", "urumqi-miit", "cs-little-giant", "480",
     "乌财企〔2023〕61号", N61)
move("redistribute", "redistribute-wcq-2023-61-digital", "2023-08-07", "urumqi", "urumqi-miit", "cs-digital", "105",
     "乌财企〔2023〕61号", N61 + "; the seed does not say what the other 105 万元 are for: 585 − 480 = 105 matches "
     "乌鲁木齐's 105 万元 数字化转型试点 in " + S000 + ", and is recorded as that")

# --- 2023-08-24: second payment to the six firms --------------------------------------------------------------
for fid, name in FIRMS:
    move("disburse", f"pay-2023-08-24-{fid}", "2023-08-24", "urumqi-miit", fid, "cs-little-giant", "80", None,
         S001 + ": 第二批专项资金 480 万元于 2023 年 8 月 24 日全部支付完毕, 80 万元/家")

# --- ≤ 2023-12-31: what seed 000 reports as executed by year end, without dates ----------------------------------
END = "2023-12-31"
NEXEC = S000 + ": 项目资金执行情况 tables, “截至 2023 年 12 月 31 日”; no payment dates are given"
N304 = (S000 + ": 自治区分解下达预算情况 table, column 小微企业融资担保降费奖补资金, issued under 《关于下达 2023 年中小企业发展专项资金预算"
        "（小微企业融资担保降费奖补方向）的通知》, whose number and date the seed does not give")
for pid, amount in GUARANTEE:
    budget(f"budget-{pid}-cs-guarantee", END, pid, "cs-guarantee", amount, None, N304, "before")
    move("redistribute", f"redistribute-2023-{pid}-cs-guarantee", END, "xj", pid, "cs-guarantee", amount, None, N304, "before")
for pid, amount in GUARANTEE:
    move("disburse", f"pay-{pid}-cs-guarantee", END, pid, f"{pid}-guarantee-bodies", "cs-guarantee", amount, None, NEXEC, "before")
for pid, amount in [("ili", "200"), ("tacheng", "200"), ("changji", "400")]:
    move("disburse", f"pay-{pid}-cs-little-giant", END, pid, f"{pid}-sg-firms", "cs-little-giant", amount, None,
         NEXEC + "; one payment of the year's total is recorded, as the seed gives no split by date", "before")
move("disburse", "pay-urumqi-cs-digital", END, "urumqi-miit", "urumqi-digital-platform", "cs-digital", "105", None,
     NEXEC + "; the seed does not say which Urumqi body paid the platform; recorded from 乌鲁木齐市工信局, which received the 105", "before")
for pid, amount in SERVICE:
    paid = "39" if pid == "hami" else amount
    note = NEXEC + ("; 哈密市 executed 39 of 65 (60%); 26 万元 carried over (结转)" if pid == "hami" else "")
    move("disburse", f"pay-{pid}-rs-service", END, pid, f"{pid}-service-units", "rs-service", paid, None, note, "before")
NBJ = (S000 + ": “自治区安排 5000 万元”, 安排自治区工信厅机关 4750 万元, 自治区中小企业服务中心 250 万元; no issue date is given")
budget("budget-xj-rs-benji", END, "xj", "rs-benji", "5000", None, NBJ, "year")
budget("budget-benji-rs-benji", END, "xj-benji", "rs-benji", "5000", None, NBJ, "year")
budget("budget-miit-office-rs-benji", END, "xj-miit-office", "rs-benji", "4750", None, NBJ, "year")
budget("budget-sme-center-rs-benji", END, "xj-sme-center", "rs-benji", "250", None,
       NBJ + "; mainly 自治区中小企业公共服务平台网络枢纽平台维护, of which 50 for 自治区私营经济发展服务平台", "year")
move("allocate", "allocate-benji", END, "xj", "xj-benji", "rs-benji", "5000", None, NBJ, "year")
move("disburse", "pay-benji", END, "xj-benji", "xj-benji-payees", "rs-benji", "4999.9983", None,
     S000 + ": “自治区本级5000万元，执行4999.9983万元”; 0.0017 万元 (17 元) unspent", "year")

# --- 2024-03-25: the self-evaluation (seed 000) as audit events with its claims --------------------------------
AUDITOR = "新疆维吾尔自治区工业和信息化厅（绩效自评）"


def claim(label, measure, value, holder="xj", program=None):
    out = {"label": label, "holder": holder, "measure": measure, "value": value, "as_of": END}
    if program:
        out["program"] = program
    return out


def self_eval(id, scope, program, total, grade, parts, claims, note):
    evaluation = {"kind": "self-evaluation", "program": program, "total": total, "grade": grade,
                  "rule": "财预〔2022〕10号: 预算执行 10, 产出指标 50, 效益指标 30, 服务对象满意度指标 10",
                  "parts": [{"name": n, "weight": w, "score": s} for n, w, s in parts]}
    add(id=id, type="audit", date="2024-03-25", auditor=AUDITOR, scope=scope, as_of=END, claims=claims,
        evaluation=evaluation, doc="财监〔2024〕3号", note=note)


self_eval("self-eval-central-little-giant-digital", "2023 中央中小企业发展专项资金: 小巨人 and 数字化转型试点 (2105 万元)",
          "central-sme", "99", "优", [("预算执行", "10", "10"), ("产出指标", "50", "49"), ("效益指标", "30", "30"), ("服务对象满意度指标", "10", "10")],
          [claim("小巨人 执行", "paid", "2000", program="cs-little-giant"), claim("数字化 执行", "paid", "105", program="cs-digital"),
           claim("中央资金 执行", "paid", "2409", program="central-sme"), claim("中央资金 执行率", "execution_rate", "100%", program="central-sme"),
           claim("中央资金 到位率", "arrival_rate", "100%", program="central-sme")],
          S000 + ", 四、绩效自评结果 and 附件1 (全年预算数 2105, 全年执行数 2105, 执行率 100%)")
self_eval("self-eval-central-guarantee", "2023 中央中小企业发展专项资金: 小微企业融资担保降费奖补资金 (304 万元)", "cs-guarantee",
          "96", "优", [("预算执行", "10", "10"), ("产出指标", "50", "48"), ("效益指标", "30", "28"), ("服务对象满意度指标", "10", "10")],
          [claim("担保降费 执行", "paid", "304", program="cs-guarantee"), claim("担保降费 执行率", "execution_rate", "100%", program="cs-guarantee")],
          S000 + ", 四、绩效自评结果 and 附件2")
REGIONAL_CLAIMS = [
    claim("自治区资金 执行", "paid", "7874", program="regional-sme"),
    claim("自治区资金 执行率", "execution_rate", "99.67%", program="regional-sme"),
    claim("自治区资金 到位", "arrived", "7900", program="regional-sme"),
    claim("自治区本级 执行", "paid", "4999.9983", holder="xj-benji", program="rs-benji"),
    claim("自治区本级 执行率", "execution_rate", "99.99%", holder="xj-benji", program="rs-benji"),
    claim("因素法切块地（州、市） 执行", "paid", "1874", program="rs-service"),
    claim("因素法切块地（州、市） 执行率", "execution_rate", "98.63%", program="rs-service"),
    claim("哈密市 执行", "paid", "39", holder="hami", program="rs-service"),
    claim("哈密市 执行率", "execution_rate", "60%", holder="hami", program="rs-service"),
    claim("新疆再担保 执行", "paid", "1000", holder="xj-reguarantee", program="rs-risk-compensation"),
]
for id, scope, program, total, parts, claims in [
    ("self-eval-regional-service", "2023 自治区中小企业发展专项资金（中小企业服务体系建设）1900 万元", "rs-service", "91",
     [("预算执行", "10", "9"), ("产出指标", "50", "44"), ("效益指标", "30", "28"), ("服务对象满意度指标", "10", "10")], REGIONAL_CLAIMS),
    ("self-eval-regional-benji", "2023 自治区中小企业发展专项资金（自治区本级）5000 万元", "rs-benji", "96",
     [("预算执行", "10", "9"), ("产出指标", "50", "47"), ("效益指标", "30", "30"), ("服务对象满意度指标", "10", "10")], []),
    ("self-eval-regional-risk", "2023 自治区中小企业发展专项资金（小微型企业融资担保风险补偿项目）1000 万元", "rs-risk-compensation", "96",
     [("预算执行", "10", "10"), ("产出指标", "50", "48"), ("效益指标", "30", "28"), ("服务对象满意度指标", "10", "10")], []),
]:
    self_eval(id, scope, program, total, "优", parts, claims,
              S000 + ", 第二部分 四、绩效自评结果; the claims are the figures of 项目资金执行情况分析")

# --- 2024-08-06: the third-party evaluation of Urumqi's 1,200 万元 (seed 001) -------------------------------------
F = {fid: fid for fid, _ in FIRMS}
JXC, DEAN, XYMS, SUGON, DELAN, HTL = (fid for fid, _ in FIRMS)
UNITS_RULE = {"kind": "units-missing", "per_unit": "16.67%", "zero_at": 3}


def units(*rows, compare="at-least", order=None):
    """Per-firm targets: (firm, two-year target, actual[, met]) as seed 001 gives them."""
    out = []
    for row in rows:
        target = {"unit": row[0], "target": row[1], "actual": row[2], "compare": compare}
        if compare == "judged":
            target["met"] = row[3]
        if order:
            target["order"] = order
        out.append(target)
    return dict(UNITS_RULE, targets=out)


def ind(name, weight, rule):
    return {"name": name, "weight": weight, "rule": rule}


def expert(score):
    return {"kind": "expert", "score": score}


def met(flag=True):
    return {"kind": "all-or-nothing", "met": flag}


EVALUATION = {
    "kind": "indicator-system",
    "subject": "乌鲁木齐市 2023 年中央中小企业发展专项资金项目（专精特新“小巨人”, 1200 万元）绩效评价",
    "holder": "urumqi", "program": "cs-little-giant", "as_of": END,
    "units": [fid for fid, _ in FIRMS],
    "total": "82.3", "grade": "良",
    "rounding": "each indicator's score is rounded half up to 2 decimals, as seed 001 prints them (3 × (1 − 16.67%) = 2.4999 → 2.5)",
    "groups": [
        {"name": "决策", "weight": "19", "indicators": [
            ind("立项依据充分性", "4", met()),
            ind("战略目标适应性", "4", met()),
            ind("绩效目标合理性", "4", expert("2.76")),
            ind("绩效指标明确性", "4", expert("2.63")),
            ind("预算编制合理性", "3", {"kind": "items", "required": 2, "met": 2, "per_missing": "50%"}),
        ]},
        {"name": "过程", "weight": "21", "indicators": [
            ind("资金到位率", "4", {"kind": "rate-deduction", "measure": "arrival_rate", "per_point": "2%", "floor": "60%"}),
            ind("预算执行率", "4", {"kind": "rate-deduction", "measure": "execution_rate", "per_point": "2%", "floor": "60%"}),
            ind("资金使用合规性", "4", {"kind": "items", "required": 4, "met": 4, "per_missing": "25%"}),
            ind("财务管理制度健全性", "3", expert("2.41")),
            ind("业务管理制度健全性", "3", {"kind": "items", "required": 4, "met": 4, "per_missing": "25%"}),
            ind("申报审核规范性", "3", {"kind": "items", "required": 2, "met": 2, "per_missing": "50%"}),
        ]},
        {"name": "产出", "weight": "41", "indicators": [
            ind("支持中小企业数", "3", met()),
            ind("主营业务收入占营业收入比重（%）", "3", units(
                (DEAN, "99.84%", "99.86%"), (JXC, "96%", "98.43%"), (DELAN, "97%", "97.02%"), (XYMS, "95%", "95.35%"),
                (HTL, "98%", "100%"), (SUGON, "99%", "98.91%"))),
            ind("获得发达国家或地区认证数量", "3", units(
                (DEAN, "0", "0"), (JXC, "24", "24"), (XYMS, "0", "0"), (HTL, "0", "0"), (SUGON, "0", "0"), (DELAN, "1", "0"))),
            ind("研发经费支出占营业收入比重（%）", "3", units(
                (DEAN, "7.13%", "7.34%"), (DELAN, "14%", "14.29%"), (SUGON, "5.8%", "13.37%"), (JXC, "10.2%", "9%"),
                (XYMS, "6.5%", "5.24%"), (HTL, "8.5%", "6.5%"))),
            ind("有效发明专利个数", "3", units(
                (DEAN, "18", "18"), (DELAN, "69", "82"), (XYMS, "14", "18"), (HTL, "15", "15"), (SUGON, "9", "34"), (JXC, "20", "19"))),
            ind("企业自建或者与高校、科研机构联合建立研发机构", "3", units(
                (DEAN, "5 个", "8 个", True), (JXC, "国家级", "国家级", True), (DELAN, "国家级 1 个和省级 6 个", "国家级 1 个、省级 6 个和其他级别 4 个", True),
                (XYMS, "4 个", "7 个", True), (SUGON, "省部级", "省部级", True), (HTL, "国家级", "省级", False), compare="judged")),
            ind("主持或者参与制定国际、国家标准或者行业标准数量", "3", units(
                (JXC, "0", "0"), (DELAN, "2", "12"), (XYMS, "2", "6"), (DEAN, "4", "2"), (HTL, "8", "1"), (SUGON, "3", "1"))),
            ind("现场检查", "4", expert("2")),
            ind("资金拨付及时性", "8", met()),
            ind("预算控制", "8", met()),
        ]},
        {"name": "效益", "weight": "19", "indicators": [
            ind("近两年企业研发成果转化及应用项目数量", "3", units(
                (DEAN, "6", "57"), (DELAN, "8", "17"), (SUGON, "9", "10"), (JXC, "25", "7"), (XYMS, "18", "12"), (HTL, "20", "8"))),
            ind("取得相关质量管理体系认证数量", "3", units(
                (DEAN, "4", "4"), (DELAN, "5", "5"), (XYMS, "4", "4"), (SUGON, "2", "3"), (JXC, "5", "4"), (HTL, "5", "4"))),
            ind("上市计划佐证资料", "3", units(
                (JXC, "辅导期", "辅导期"), (DELAN, "辅导期", "辅导期"), (XYMS, "无", "无"), (HTL, "上市筹备期", "辅导期"),
                (SUGON, "无", "无"), (DEAN, "申请转板", "辅导期"),
                compare="category", order=["无", "上市筹备期", "辅导期", "申请转板"])),
            ind("获得支持的企业满意度", "10", {"kind": "satisfaction", "value": "100%", "full_at": "90%", "per_point": "1%"}),
        ]},
    ],
}
add(id="evaluation-urumqi-2023-central-sme", type="audit", date="2024-08-06", auditor="中国投资咨询有限责任公司（受乌鲁木齐市财政局委托）",
    scope="乌鲁木齐市 2023 年中央中小企业发展专项资金项目（专精特新方向, 1200 万元, 6 家重点“小巨人”企业）", as_of=END,
    claims=[claim("乌鲁木齐市 资金到位率", "arrival_rate", "100%", holder="urumqi", program="cs-little-giant"),
            claim("乌鲁木齐市 预算执行率", "execution_rate", "100%", holder="urumqi", program="cs-little-giant")],
    evaluation=EVALUATION,
    note=S001 + ": 附件1 评分表 and 四、绩效评价分析. Dated as the evaluator's reply letter transmitting the final report (2024-08-06); "
    "that letter writes “贵局于 2023 年 8 月 5 日” about comments due 2024-08-05 (a slip for 2024). 现场检查 is scored 2 of 4 "
    "(“该项扣50%权重得分”) though the survey shows 6 of 6 inspected: recorded as the evaluators' judgement. "
    "The 研发机构 targets mix counts and levels, so each firm's result is recorded as judged in the report. "
    "上市计划 stages are ordered 无 < 上市筹备期 < 辅导期 < 申请转板, as the report's judgements imply (筹备期 target met by 辅导期). "
    "The report cites 财预〔2020〕10号 where seed 000 cites 财预〔2022〕10号.")

for event in events:
    print(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
