"""Layouts a PDF-to-text converter leaves: a row's label moved out above its values; headings with typos."""

from __future__ import annotations

from linhai_scrape import extract_text

_HEAD = (
    "某区司法局2023年政府信息公开工作年度报告\n一、总体情况\n依法公开。\n二、主动公开政府信息情况\n无。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
    "| （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
)


def test_a_label_moved_above_a_row_of_values_is_that_rows_label() -> None:
    text = (
        _HEAD + "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    )
    flat = extract_text(text).flat()
    assert flat["applications.partially_granted.natural_person"] == 2
    assert flat["applications.partially_granted.total"] == 2


def test_two_labels_above_one_row_of_values_leave_it_unread() -> None:
    text = _HEAD + "5.属于三类内部事务信\n息\n1.本机关不掌握相关政\n府信息\n| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    flat = extract_text(text).flat()
    assert not any(k.startswith(("applications.denied.internal", "applications.unavailable")) for k in flat)


def test_a_heading_with_a_typo_still_ends_the_row_before_it_on_one_line() -> None:
    rows = " ".join(
        f"{label} 0 0 0 0 0 0 0"
        for label in (
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "（七）总计",
            "（一）予以公开",
        )
    )
    text = (
        "某镇2022年政府信息公开工作年度报告 一、总体情况 依法公开。二、主动公开政府信息情况 无。"
        f"三、收到和处理政府信息公开申请情况 {rows} 四、结转下年度继续办理 1000001 四、政府信息公开行政法复议、行政诉讼情况 无。"
        "五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。" + "。" * 200
    )
    flat = extract_text(text).flat()
    assert flat["applications.carried_forward.total"] == 1
    assert flat["applications.carried_forward.natural_person"] == 1
