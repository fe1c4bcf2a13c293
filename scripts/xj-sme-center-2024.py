#!/usr/bin/env python3
"""Prints the input events of events/xj-sme-center-2024.jsonl: the Xinjiang SME Service Center's 2024
budget (单位预算), from seed 004. Every figure is the seed's; each event's note says which table.

The budget is recorded as 年初预算 (phase "initial") lines: income by source (收支总表), expenditure by
functional code and kind (表2, all funds), and the general-budget basic expenditure by economic code (表6).
Each dimension comes from one table, so no money is counted twice.
"""
import json

S004 = "seed 004 (新疆维吾尔自治区中小企业服务中心 2024 年单位预算)"
events = []


def wan(text):
    whole, _, frac = text.replace(",", "").partition(".")
    return int(whole) * 1_000_000 + int((frac + "000000")[:6])


def add(**fields):
    events.append({k: v for k, v in fields.items() if v is not None})


D = "2024-01-01"
add(id="open-xj", type="open", date=D, holder="xj", name="新疆维吾尔自治区", level="province", aliases=["自治区"], note="ledger opening")
add(id="open-center", type="open", date=D, holder="xj-sme-center", name="自治区中小企业服务中心", level="unit", parent="xj",
    aliases=["新疆维吾尔自治区中小企业服务中心"],
    note=S004 + ": 无下属预算单位, 下设 6 个处室; the same holder as 自治区中小企业服务中心 in events/xinjiang-sme-2023.jsonl")
FUNCTIONAL = [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"), ("2080502", "事业单位离退休"), ("2080505", "机关事业单位基本养老保险缴费支出"),
              ("2080506", "机关事业单位职业年金缴费支出"), ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101102", "事业单位医疗"),
              ("2101103", "公务员医疗补助"), ("215", "资源勘探工业信息等支出"), ("21508", "支持中小企业发展和管理支出"), ("2150805", "中小企业发展专项"),
              ("2150899", "其他支持中小企业发展和管理支出"), ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金")]
ECONOMIC = [("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"), ("30107", "绩效工资"),
            ("30108", "机关事业单位基本养老保险缴费"), ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"), ("30111", "公务员医疗补助缴费"),
            ("30112", "其他社会保障缴费"), ("30113", "住房公积金"), ("30199", "其他工资福利支出"), ("302", "商品和服务支出"), ("30201", "办公费"),
            ("30205", "水费"), ("30207", "邮电费"), ("30208", "取暖费"), ("30211", "差旅费"), ("30228", "工会经费"), ("30229", "福利费"),
            ("30299", "其他商品和服务支出"), ("303", "对个人和家庭的补助"), ("30302", "退休费"), ("30399", "其他对个人和家庭的补助")]
for system, codes in [("functional", FUNCTIONAL), ("economic", ECONOMIC)]:
    for code, name in codes:
        add(id=f"classify-{system}-{code}", type="classify", date=D, system=system, code=code, name=name, note=S004 + ", 表2 / 表6")


def line(id, direction, amount, note, **classes):
    add(id=id, type="line", date=D, holder="xj-sme-center", budget_year=2024, direction=direction, phase="initial",
        amount_fen=wan(amount), note=note, **classes)


NI = S004 + ", 表1 收支预算总表: 本年收入 1,214.63 = 一般公共预算拨款 628.97 + 单位资金 585.66"
line("income-general", "income", "628.97", NI, source="一般公共预算拨款")
line("income-unit", "income", "585.66", NI + " (其中 事业单位经营收入 5.00, 其他收入 580.66)", source="单位资金")
N2 = S004 + ", 表2 支出预算总表 (all funds, by 功能分类): 总计 1,214.63 = 基本支出 495.83 + 项目支出 718.80"
for code, kind, amount, project in [
    ("2080502", "basic", "17.55", None), ("2080505", "basic", "37.81", None), ("2080506", "basic", "18.91", None),
    ("2101102", "basic", "19.61", None), ("2101103", "basic", "18.54", None),
    ("2150805", "project", "250.00", "自治区中小企业发展专项资金"),
    ("2150899", "basic", "355.05", None), ("2150899", "project", "468.80", None), ("2210201", "basic", "28.36", None),
]:
    note = N2
    link = None
    if project:
        note += ("; 表7 names the project 自治区中小企业发展专项资金 (2150805, 250.00). In 2023 the region arranged 250 万元 of its "
                 "本级 fund to this center for the 公共服务平台网络枢纽平台维护 (seed 000; events/xinjiang-sme-2023.jsonl)")
        link = "xinjiang-sme-2023.jsonl#xj-sme-center/rs-benji"
    line(f"spend-{code}-{kind}", "expenditure", amount, note, functional=code, kind=kind, project=project, link=link)
N6 = (S004 + ", 表6 一般公共预算基本支出 (by 经济分类): 总计 378.97 = 人员经费 353.43 + 公用经费 25.55 as printed; "
      "the items give 301 347.40 + 303 6.02 = 353.42 人员经费 and 302 25.55 公用经费")
for code, amount in [("301", "347.40"), ("302", "25.55"), ("303", "6.02")]:
    line(f"economic-{code}", "expenditure", amount, N6 + "; the 类 figure as printed", economic=code, source="一般公共预算拨款")
for code, amount in [("30101", "99.25"), ("30102", "19.74"), ("30103", "28.23"), ("30107", "66.67"), ("30108", "37.81"), ("30109", "18.91"),
                     ("30110", "19.61"), ("30111", "16.54"), ("30112", "5.20"), ("30113", "28.36"), ("30199", "7.09"),
                     ("30201", "1.24"), ("30205", "1.31"), ("30207", "0.41"), ("30208", "4.90"), ("30211", "8.21"), ("30228", "4.73"),
                     ("30229", "4.25"), ("30299", "0.48"), ("30302", "4.51"), ("30399", "1.51")]:
    line(f"economic-{code}", "expenditure", amount, N6, economic=code, source="一般公共预算拨款")

for event in events:
    print(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
