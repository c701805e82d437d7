"""The registry of statistical indicators. Adding one means adding one small class here.

Each indicator says its unit, how values of shorter periods combine into a longer one
(``sum`` for production values, ``none`` for rates and indices that are published as they
are), and what it means, in Vietnamese and English.
"""

from __future__ import annotations

from typing import ClassVar


class Indicator:
    code: ClassVar[str]
    unit: ClassVar[str]  # billion_vnd, index, pct, pp
    aggregation: ClassVar[str] = "none"  # sum | none
    label_vi: ClassVar[str]
    label_en: ClassVar[str]
    definition_vi: ClassVar[str]
    definition_en: ClassVar[str]


class ProductionValue(Indicator):
    code = "production_value"
    unit = "billion_vnd"
    aggregation = "sum"
    label_vi = "Giá trị sản xuất công nghiệp (giá hiện hành)"
    label_en = "Industrial production value (current prices)"
    definition_vi = (
        "Doanh thu thuần công nghiệp ± chênh lệch thành phẩm tồn kho và sản phẩm dở dang, "
        "cộng tài sản cố định tự sản xuất, không kể thuế sản phẩm; tỷ đồng, giá hiện hành."
    )
    definition_en = (
        "Net industrial revenue ± change in finished goods and work in progress, plus own-"
        "account fixed assets, excluding product taxes; billion VND at current prices."
    )


class ProductionPlan(Indicator):
    code = "production_value_plan"
    unit = "billion_vnd"
    label_vi = "Kế hoạch giá trị sản xuất công nghiệp năm"
    label_en = "Annual plan for industrial production value"
    definition_vi = "Chỉ tiêu kế hoạch năm của giá trị sản xuất công nghiệp (giá hiện hành)."
    definition_en = "The year's target for industrial production value (current prices)."


class ProductionGrowth(Indicator):
    code = "production_value_growth"
    unit = "pct"
    label_vi = "Tốc độ tăng giá trị sản xuất công nghiệp so với cùng kỳ"
    label_en = "Growth of industrial production value on the same period"
    definition_vi = "Phần trăm tăng (giảm) so với cùng kỳ năm trước, như đã công bố."
    definition_en = "Percentage change on the same period of the previous year, as published."


class IndustrialProductionIndex(Indicator):
    code = "iip"
    unit = "index"
    label_vi = "Chỉ số sản xuất công nghiệp (IIP)"
    label_en = "Index of industrial production (IIP)"
    definition_vi = "Chỉ số khối lượng Laspeyres quyền số cố định; bình quân tháng năm gốc = 100."
    definition_en = "Fixed-weight Laspeyres volume index; base-year monthly average = 100."


class IipGrowth(Indicator):
    code = "iip_growth"
    unit = "pct"
    label_vi = "Tốc độ tăng chỉ số sản xuất công nghiệp so với cùng kỳ"
    label_en = "IIP growth on the same period"
    definition_vi = "Phần trăm tăng của IIP so với cùng kỳ năm trước (cộng dồn các tháng)."
    definition_en = "Percentage change of the IIP on the same period of the previous year."


class IipWeightShare(Indicator):
    code = "iip_weight_share"
    unit = "pct"
    label_vi = "Tỷ trọng quyền số trong chỉ số sản xuất công nghiệp"
    label_en = "Weight share in the IIP"
    definition_vi = (
        "Phần trăm quyền số (giá trị tăng thêm năm gốc) của ngành trong toàn ngành công nghiệp; "
        "là tỷ trọng của chỉ số, ghi theo năm bởi lượt tính IIP."
    )
    definition_en = (
        "The branch's percentage of the base-year weights (value added) of the whole of "
        "industry: the share of an index, recorded by year by an IIP run."
    )


class ValueAddedGrowth(Indicator):
    code = "value_added_growth"
    unit = "pct"
    label_vi = "Tốc độ tăng giá trị tăng thêm ngành công nghiệp"
    label_en = "Growth of industrial value added"
    definition_vi = "Phần trăm tăng giá trị tăng thêm (giá so sánh) so với cùng kỳ."
    definition_en = "Percentage change of value added (constant prices) on the same period."


class ValueAdded(Indicator):
    code = "value_added"
    unit = "billion_vnd"
    aggregation = "sum"
    label_vi = "Giá trị tăng thêm ngành công nghiệp (giá so sánh 2010)"
    label_en = "Industrial value added (constant 2010 prices)"
    definition_vi = "Giá trị sản xuất trừ chi phí trung gian của ngành công nghiệp; giá so sánh."
    definition_en = "Industry's gross output less intermediate consumption; constant prices."


class Grdp(Indicator):
    code = "grdp"
    unit = "billion_vnd"
    aggregation = "sum"
    label_vi = "Tổng sản phẩm trên địa bàn (GRDP, giá so sánh 2010)"
    label_en = "Gross regional domestic product (GRDP, constant 2010 prices)"
    definition_vi = "Tổng giá trị tăng thêm của mọi ngành cộng thuế sản phẩm; giá so sánh."
    definition_en = "Value added of every industry plus product taxes; constant prices."


class GrdpContribution(Indicator):
    code = "grdp_growth_contribution"
    unit = "pp"
    label_vi = "Đóng góp vào tăng trưởng GRDP"
    label_en = "Contribution to GRDP growth"
    definition_vi = "Điểm phần trăm đóng góp vào mức tăng GRDP của tỉnh."
    definition_en = "Percentage points contributed to the province's GRDP growth."


INDICATORS: dict[str, type[Indicator]] = {
    cls.code: cls
    for cls in (
        ProductionValue,
        ProductionPlan,
        ProductionGrowth,
        IndustrialProductionIndex,
        IipGrowth,
        IipWeightShare,
        ValueAddedGrowth,
        GrdpContribution,
        ValueAdded,
        Grdp,
    )
}

VSIC_SECTIONS = {
    "B": ("Khai khoáng", "Mining and quarrying"),
    "C": ("Công nghiệp chế biến, chế tạo", "Manufacturing"),
    "D": (
        "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
        "Electricity, gas, steam and air conditioning supply",
    ),
    "E": (
        "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
        "Water supply; sewerage, waste management and remediation",
    ),
}
