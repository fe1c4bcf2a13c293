#!/usr/bin/env python3
"""Prints the input events of events/changji-sme-bureau-2023.jsonl: the Changji prefecture SME bureau's
2023 final accounts (部门决算), from seed 002. Every figure is the seed's; each event's note says where.

Functional codes are recorded only where a seed prints them (seed 004 prints the same national codes
208 05 02 … 221 02 01); where seed 002 names a 款 or 项 without a code, the line carries the deepest
printed code and the names in `item`.
"""
import json

S002 = "seed 002 (昌吉回族自治州中小企业发展局 2023 年度部门决算)"
events = []


def wan(text):
    whole, _, frac = text.partition(".")
    return int(whole) * 1_000_000 + int((frac + "000000")[:6])


def add(**fields):
    events.append({k: v for k, v in fields.items() if v is not None})


D = "2024-01-01"  # the ledger's opening day; the final accounts refer to budget year 2023
add(id="open-xj", type="open", date=D, holder="xj", name="新疆维吾尔自治区", level="province", aliases=["自治区"],
    note="ledger opening; the region, parent of the prefecture")
add(id="open-changji", type="open", date=D, holder="changji", name="昌吉回族自治州", level="prefecture", parent="xj",
    aliases=["昌吉州"], note="ledger opening")
add(id="open-bureau", type="open", date=D, holder="changji-sme-bureau", name="昌吉回族自治州中小企业发展局", level="unit",
    parent="changji", aliases=["昌吉州中小企业发展服务中心"],
    note=S002 + ": the report's title names 昌吉回族自治州中小企业发展局; its 主要职能 section names 昌吉州中小企业发展服务中心 (a 副县级 政府工作部门); both are kept, the second as an alias")

# Functional codes printed by the seeds (seed 004's tables use the same national classification).
CODES = [("201", "一般公共服务支出"), ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"), ("2080502", "事业单位离退休"),
         ("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出"), ("210", "卫生健康支出"),
         ("21011", "行政事业单位医疗"), ("2101102", "事业单位医疗"), ("2101103", "公务员医疗补助"), ("215", "资源勘探工业信息等支出"),
         ("21508", "支持中小企业发展和管理支出"), ("2150805", "中小企业发展专项"), ("221", "住房保障支出"), ("22102", "住房改革支出"),
         ("2210201", "住房公积金")]
for code, name in CODES:
    add(id=f"classify-functional-{code}", type="classify", date=D, system="functional", code=code, name=name,
        note="code and name as seed 004 (新疆维吾尔自治区中小企业服务中心 2024 年部门预算) prints them; seed 002 uses the names")


def line(id, direction, phase, amount, note, **classes):
    add(id=id, type="line", date=D, holder="changji-sme-bureau", budget_year=2023, direction=direction, phase=phase,
        amount_fen=wan(amount), note=note, **classes)


N1 = S002 + ", 一、收入支出决算总体情况说明"
line("income-fiscal", "income", "final", "292.54", N1 + ": 本年收入合计 292.54 万元 (财政拨款收入 292.54, 100%)", source="一般公共预算拨款")
line("income-surplus", "income", "final", "221.42", N1 + ": 使用非财政拨款结余 221.42 万元; the report gives 收入总计 513.95, the parts sum to 513.96",
     source="使用非财政拨款结余")
N3 = S002 + ", 三、支出决算情况说明 and 六、基本支出: 本年支出 513.95 = 基本支出 151.14 (人员经费 140.40, 公用经费 10.74) + 项目支出 362.81"
line("spend-personnel", "expenditure", "final", "140.40", N3, kind="basic-personnel")
line("spend-public", "expenditure", "final", "10.74", N3, kind="basic-public")
line("spend-project", "expenditure", "final", "362.81", N3, kind="project")
N4 = S002 + ", 四、财政拨款收入支出决算: 年初预算数 152.16 万元, 决算数 292.54 万元, 预决算差异率 92.26%"
line("fiscal-initial", "expenditure", "initial", "152.16", N4, source="一般公共预算拨款")
line("fiscal-final", "expenditure", "final", "292.54", N4, source="一般公共预算拨款")
N5 = S002 + ", 五、（三）一般公共预算财政拨款支出决算具体情况 (by 功能分类); the 类 totals are 119.13, 21.58, 6.98, 136.40, 8.44 = 292.53, the report's total is 292.54"
for id, code, item, amount in [
    ("f-1", "201", "商贸事务（款）事业运行（项）", "114.13"),
    ("f-2", "201", "商贸事务（款）其他商贸事务支出（项）", "5.00"),
    ("f-3", "2080502", None, "2.45"),
    ("f-4", "2080505", None, "12.74"),
    ("f-5", "2080506", None, "6.39"),
    ("f-6", "2101102", None, "6.46"),
    ("f-7", "2101103", None, "0.43"),
    ("f-8", "21011", "其他行政事业单位医疗支出（项）", "0.09"),
    ("f-9", "215", "工业和信息产业监管（款）产业发展（项）", "108.10"),
    ("f-10", "2150805", None, "28.30"),
    ("f-11", "2210201", None, "8.44"),
]:
    line("functional-" + id, "expenditure", "final", amount, N5 + ("; the seed names this 款/项 but prints no code" if item else ""),
         functional=code, item=item)

NP = S002 + ", 项目支出绩效自评表"
PROJECTS = [
    ("中小企业公共服务平台国密改造、2023 年等保测评费", "160.00", "160.00", "159.86", None),
    ("中小企业公共服务平台网站改版", "30.00", "30.00", "30.00", None),
    ("律师咨询费", "10.00", "10.00", "10.00", None),
    ("政策信息咨询服务项目", "12.00", "12.00", "6.00", None),
    ("昌吉州三级联动挂钩帮扶企业政企直通码", "11.00", "11.00", "11.00", None),
    ("自治区中小企业发展专项资金", "30.00", "30.00", "28.30",
     "xinjiang-sme-2023.jsonl#changji/rs-service"),
    ("自治区中小企业发展专项资金（结余项目）", "5.00", "5.00", "5.00", None),
    ("2023 年度单位运转类项目资金", "36.58", "36.58", "4.57", None),
]
for i, (name, initial, adjusted, final, link) in enumerate(PROJECTS, 1):
    note = NP + f" {i}: 年初预算数 {initial}, 全年预算数 {adjusted}, 全年执行数 {final}"
    if link:
        note += ("; seed 000 counts 昌吉回族自治州's 190 万元 of the regional fund (中小企业服务体系建设) as executed 190 of 190 (100%), "
                 "while this bureau's own 自治区专项 project spent 28.30 of 30: the two documents measure execution at different levels")
    for phase, amount in [("initial", initial), ("adjusted", adjusted), ("final", final)]:
        line(f"project-{i}-{phase}", "expenditure", phase, amount, note, project=name, link=link if phase == "final" else None)

for event in events:
    print(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
