"""The programme's fixed vocabularies (SPEC §1) with their Chinese labels.

Codes are what authors type in YAML; labels are what people read. Keeping
both in one table per vocabulary lets models, messages, schemas and every
output agree on them.
"""

from __future__ import annotations

from enum import Enum

PLACEHOLDER = "【请修改】"  # what `showcase new` templates mark for the author to replace


class LabelledEnum(str, Enum):
    """A string enum whose members carry a Chinese label."""

    label: str

    def __new__(cls, code: str, label: str) -> "LabelledEnum":
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """Editors show each code's Chinese label while an author picks one."""
        schema = handler(core_schema)
        schema = handler.resolve_ref_schema(schema)
        schema["enumDescriptions"] = [m.label for m in cls]
        schema["description"] = cls.choices_text()
        return schema

    @classmethod
    def choices_text(cls, members: "list[LabelledEnum] | None" = None) -> str:
        """“political（强化党支部政治功能）、…” for error messages: all codes, or `members`."""
        return "、".join(f"{m.value}（{m.label}）" for m in (cls if members is None else members))


class Task(LabelledEnum):
    POLITICAL = ("political", "强化党支部政治功能")
    PARTY_WORK = ("party-work", "抓好党建主责主业")
    IDEOLOGY = ("ideology", "提升思想政治工作质量")
    DEVELOPMENT = ("development", "促进学校事业发展")
    TEAM = ("team", "加强党支部班子建设")


class Form(LabelledEnum):
    SYSTEM = ("system", "成熟有效的教师党支部建设制度体系、机制办法")
    METHOD = ("method", "优秀教师党支部工作法、典型案例")
    BRAND = ("brand", "教师思想政治工作品牌、育人载体")
    PLATFORM = ("platform", "有较大影响力的宣传平台、网络阵地")
    RESEARCH = ("research", "相关高水平研究成果")
    DEMONSTRATION = ("demonstration", "经验推广示范、辐射带动成效")
    OTHER = ("other", "其他")

    @property
    def short(self) -> str:
        """A few characters for lists and badges; `label` is the notice's full wording."""
        return FORM_SHORT[self.value]


FORM_SHORT = {
    "system": "制度机制", "method": "工作法与案例", "brand": "思政品牌", "platform": "宣传平台",
    "research": "研究成果", "demonstration": "示范推广", "other": "其他",
}


class Status(LabelledEnum):
    APPLYING = ("applying", "申报中")
    BUILDING = ("building", "建设中")
    RECTIFYING = ("rectifying", "限期整改")
    ACCEPTED = ("accepted", "已结项")
    FAILED = ("failed", "未通过验收")


class Level(LabelledEnum):
    SCHOOL = ("school", "校级")
    CITY = ("city", "市级")
    PROVINCE = ("province", "省级")
    NATIONAL = ("national", "国家级")


class Visibility(LabelledEnum):
    PUBLIC = ("public", "公开（网站与成果汇编）")
    ACCEPTANCE = ("acceptance", "仅用于验收（成果汇编与支撑材料，不上网站）")
    INTERNAL = ("internal", "内部（只检查，不导出）")


class ReportKind(LabelledEnum):
    ANNUAL = ("annual", "年度工作总结")
    MIDTERM = ("midterm", "中期考核报告")
    PLAN = ("plan", "年度工作计划")
    FINAL = ("final", "验收工作总结报告")

    @property
    def yearly(self) -> bool:
        """Annual reports and plans belong to one construction year; the others do not need one."""
        return self in (ReportKind.ANNUAL, ReportKind.PLAN)


class AssessmentResult(LabelledEnum):
    """The grades colleges give a studio's year, best first."""

    EXCELLENT = ("excellent", "优秀")
    PASS = ("pass", "合格")
    RECTIFY = ("rectify", "限期整改")
    FAIL = ("fail", "不合格")

    @property
    def passed(self) -> bool:
        return self in (AssessmentResult.EXCELLENT, AssessmentResult.PASS)


class RecordType(LabelledEnum):
    """The working records reviewers ask for at acceptance."""

    MEETINGS = ("meetings", "“三会一课”记录")
    PARTY_DAY = ("party-day", "主题党日记录")
    MINUTES = ("minutes", "会议纪要")
    LEDGER = ("ledger", "工作台账")
    ELECTION = ("election", "换届选举材料")


class EntryKind(LabelledEnum):
    """The folders of a studio that hold Markdown entries."""

    OUTCOME = ("outcome", "成果")
    CASE = ("case", "典型案例")
    METHOD = ("method", "工作法")
    REPORT = ("report", "工作总结与计划")
    NEWS = ("news", "工作动态")
    HONOUR = ("honour", "荣誉")
    PRESS = ("press", "媒体报道")
    TALK = ("talk", "交流报告")
    RECORD = ("record", "工作记录")

    @property
    def folder(self) -> str:
        return ENTRY_FOLDERS[self.value]

    @property
    def counts_as_outcome(self) -> bool:
        """Only outcomes, cases and methods count toward the notice's outcome rules (SPEC §3);
        news, honours, coverage, talks and records never do."""
        return self.value in ("outcome", "case", "method")


ENTRY_FOLDERS = {
    "outcome": "outcomes", "case": "cases", "method": "methods", "report": "reports", "news": "news",
    "honour": "honours", "press": "press", "talk": "talks", "record": "records",
}
