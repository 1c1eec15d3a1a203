"""Typed, frozen models of every content file (SPEC §4).

Models hold what a file says; where it says it (source positions) lives beside
them in `loader.Doc`. Validation here is about the shape of one file; rules
that relate several files live in `generator.rules`.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .labels import FIELD_LABELS
from .text import chinese_date, split_label
from .codes import AssessmentResult, EntryKind, Form, Level, RecordType, ReportKind, Status, Task, Visibility


def _as_list(value: Any) -> Any:
    """Let authors write a single item without list syntax (`tasks: ideology`)."""
    if value is None:
        return []
    if isinstance(value, (str, int, float, dict)):
        return [value]
    return value


Text = Annotated[str, Field(min_length=1)]
TextList = Annotated[list[Text], BeforeValidator(_as_list)]
Year = Annotated[int, Field(ge=1, le=10)]
Amount = Annotated[float, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        use_enum_values=False,
        field_title_generator=lambda name, _info: FIELD_LABELS.get(name, name),
    )


# --- content/site.yml ----------------------------------------------------------


class Phase(Strict):
    key: Literal["application", "construction", "acceptance"] = Field(description="阶段代码")
    name: Text = Field(description="阶段名称，如“申报认定”")
    start: Date = Field(description="开始日期")
    end: Date = Field(description="结束日期")


class ConstructionYear(Strict):
    year: Year = Field(description="第几建设年度（1、2、3）")
    label: Text = Field(description="年度名称，如“第一建设年度（2023—2024学年）”")
    start: Date = Field(description="开始日期")
    end: Date = Field(description="结束日期")

    def contains(self, day: Date) -> bool:
        return self.start <= day <= self.end

    @property
    def short(self) -> str:
        """“第一建设年度”, for a legend or a narrow column (the label without its school year)."""
        return split_label(self.label)[0]


DEFAULT_PHASES = (
    Phase(key="application", name="申报认定", start=Date(2023, 6, 1), end=Date(2023, 7, 31)),
    Phase(key="construction", name="创建达标", start=Date(2023, 9, 1), end=Date(2026, 5, 31)),
    Phase(key="acceptance", name="验收推广", start=Date(2026, 6, 1), end=Date(2026, 8, 31)),
)

DEFAULT_YEARS = (
    ConstructionYear(year=1, label="第一建设年度（2023—2024学年）", start=Date(2023, 9, 1), end=Date(2024, 8, 31)),
    ConstructionYear(year=2, label="第二建设年度（2024—2025学年）", start=Date(2024, 9, 1), end=Date(2025, 8, 31)),
    ConstructionYear(year=3, label="第三建设年度（2025—2026学年）", start=Date(2025, 9, 1), end=Date(2026, 8, 31)),
)


class Notice(Strict):
    number: Text = Field(description="文号，如“×党发〔2023〕12号”")
    title: Text = Field(description="通知标题")
    date: Date | None = Field(default=None, description="印发日期")


class Contact(Strict):
    office: Text = Field(description="联系部门")
    person: str | None = Field(default=None, description="联系人")
    phone: str | None = Field(default=None, description="联系电话")
    email: str | None = Field(default=None, description="电子邮箱")
    address: str | None = Field(default=None, description="办公地址，如“行政楼 305 室”")


class Source(Strict):
    """Where the content's git repository lives: for the browser editor and the edit links."""

    server: Literal["gitea", "gitlab"] = Field(description="代码托管服务：gitea 或 gitlab")
    address: str = Field(pattern=r"^https?://[^\s\"'<>]+$", description="代码托管服务器地址，如 http://git.example.edu.cn")
    repository: str = Field(pattern=r"^\w[\w.-]*(/\w[\w.-]*)+$", description="内容仓库，写成“组织/仓库名”，如 dangwei/showcase")
    branch: Text = Field(default="main", title="分支", description="发布所用的分支")
    cms_app_id: str | None = Field(default=None, description="浏览器投稿（/admin/）所用 OAuth 应用的客户端 ID")

    def web(self, *parts: str) -> str:
        """An address of the repository's web pages (`_edit/main/…` on Gitea, `-/edit/main/…` on GitLab)."""
        from urllib.parse import quote

        base = f"{self.address.rstrip('/')}/{self.repository.strip('/')}"
        return "/".join([base, *(quote(p, safe="/") for p in parts)])

    def edit_page(self, path: str) -> str:
        return self.web("_edit" if self.server == "gitea" else "-/edit", self.branch, path)

    def new_file_page(self, folder: str) -> str:
        return self.web("_new" if self.server == "gitea" else "-/new", self.branch, folder) + "/"


class Site(Strict):
    title: Text = Field(default="“双带头人”教师党支部书记工作室建设成果展示", description="网站标题")
    school: Text = Field(description="学校名称")
    committee: Text = Field(description="学校党委名称")
    emblem: Text | None = Field(default=None, description="学校校徽图片（PNG 或 JPG），放在 content/ 文件夹中，如 emblem.png；显示在网站页眉")
    notice: Notice = Field(description="工作室创建通知")
    phases: list[Phase] = Field(default=list(DEFAULT_PHASES), description="项目阶段")
    years: list[ConstructionYear] = Field(default=list(DEFAULT_YEARS), description="建设年度")
    contact: Contact = Field(description="联系方式")
    base_url: str | None = Field(default=None, description="网站地址，如 http://dbh.example.edu.cn/")
    base_path: str = Field(default="/", description="网站所在子路径，如 /dbh/")
    featured: TextList = Field(default=[], description="首页推荐条目：工作室目录名/文件夹/文件名（不含 .md）")
    privacy_allow: TextList = Field(default=[], description="隐私检查放行名单，如对外公布的办公电话")
    search_terms: TextList = Field(default=[], description="站内搜索补充词语：本校常用的专有名词，如品牌活动、实训基地的名称，搜索时作为整词")
    source: Source | None = Field(default=None, description="内容仓库所在的代码托管服务，用于浏览器投稿和“修改本页”链接")

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Site":
        for item in [*self.phases, *self.years]:
            if item.end < item.start:
                raise ValueError(f"“{getattr(item, 'name', None) or item.label}”的结束日期早于开始日期")
        return self

    def address(self) -> str | None:
        """Where the site is published: base_url with base_path (the sub-path it lives under),
        for links that must be absolute (the 404 page, QR codes in print); None when not said."""
        if not self.base_url:
            return None
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.base_url)
        path = parts.path.rstrip("/") + "/"
        sub = "/" + self.base_path.strip("/") + "/" if self.base_path.strip("/") else "/"
        if not path.endswith(sub):
            path = path.rstrip("/") + sub
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))

    def programme_span(self) -> tuple[Date, Date]:
        starts = [p.start for p in self.phases] + [y.start for y in self.years]
        ends = [p.end for p in self.phases] + [y.end for y in self.years]
        return min(starts), max(ends)

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.key == key), None)

    def year_of(self, day: Date) -> ConstructionYear | None:
        return next((y for y in self.years if y.contains(day)), None)

    def construction_year(self, number: int | None) -> ConstructionYear | None:
        return next((y for y in self.years if y.year == number), None)

    def year_label(self, year: int | None, short: bool = False) -> str:
        """“第一建设年度（2023—2024学年）”, or “第一建设年度” where a heading or folder is named."""
        found = self.construction_year(year)
        label = found.label if found else "其他时间"
        return label.split("（", 1)[0] if short else label


# --- content/standard.yml ------------------------------------------------------


class Indicator(Strict):
    code: Text = Field(description="指标编号：一级“1”，二级“1.2”，三级“1.2.3”")
    title: Text = Field(description="指标名称")
    description: str | None = Field(default=None, description="说明")
    evidence: TextList = Field(default=[], description="支撑材料要求（三级指标）")
    children: list["Indicator"] = Field(default=[], description="下一级指标")

    @property
    def level(self) -> int:
        return self.code.count(".") + 1


class Standard(Strict):
    title: Text = Field(description="建设标准名称")
    note: str | None = Field(default=None, description="说明（如来源）")
    indicators: list[Indicator] = Field(min_length=1, description="一级指标")

    def walk(self) -> list[Indicator]:
        """All indicators, depth first, in document order."""
        out: list[Indicator] = []
        stack = list(reversed(self.indicators))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def leaves(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.walk() if i.level == 3}


# --- studios/<slug>/studio.yml --------------------------------------------------


class Secretary(Strict):
    name: Text = Field(description="书记姓名")
    title: str | None = Field(default=None, description="职称")
    position: str | None = Field(default=None, description="职务")
    research: str | None = Field(default=None, description="学术方向")
    bio: str | None = Field(default=None, description="简介（Markdown）")
    photo: str | None = Field(default=None, description="照片，相对于 studio.yml，如 media/secretary.jpg")


class Member(Strict):
    name: Text = Field(description="姓名")
    role: str | None = Field(default=None, description="在工作室中的分工")
    title: str | None = Field(default=None, description="职称或职务")


class Studio(Strict):
    name: Text = Field(description="工作室名称")
    brand: str | None = Field(default=None, description="品牌口号")
    branch: Text = Field(description="依托党支部")
    parent_org: str | None = Field(default=None, description="所属党总支")
    department: Text = Field(description="所在院系部门")
    branch_founded: Date = Field(description="党支部成立日期")
    applied_on: Date = Field(description="申报日期")
    status: Status = Field(description="状态：applying 申报中、building 建设中、rectifying 限期整改、accepted 已结项、failed 未通过验收")
    secretary: Secretary = Field(description="党支部书记（工作室负责人）")
    members: list[Member] = Field(default=[], description="工作室成员")
    intro: str | None = Field(default=None, description="工作室简介（Markdown）")
    cover: str | None = Field(default=None, description="封面图片，相对于 studio.yml，如 media/cover.jpg")
    tags: TextList = Field(default=[], description="标签")


# --- studios/<slug>/plan.yml ----------------------------------------------------


class PlanYear(Strict):
    year: Year = Field(description="第几建设年度")
    goals: TextList = Field(description="年度目标")
    measures: TextList = Field(default=[], description="实施举措")
    expected_outcomes: TextList = Field(default=[], description="预期成果")


class BudgetItem(Strict):
    year: Year = Field(description="第几建设年度")
    item: Text = Field(description="预算项目")
    category: Text = Field(description="经费类别，如“资料费”“活动费”")
    amount: Amount = Field(description="金额（元）")


class Expense(Strict):
    date: Date = Field(description="支出日期")
    item: Text = Field(description="支出事项")
    category: Text = Field(description="经费类别（须与预算中的类别一致）")
    amount: Amount = Field(description="金额（元）")
    note: str | None = Field(default=None, description="备注")


class Plan(Strict):
    goal: Text = Field(description="三年建设总目标")
    years: list[PlanYear] = Field(min_length=1, description="年度目标")
    budget: list[BudgetItem] = Field(default=[], description="经费预算")
    expenditure: list[Expense] = Field(default=[], description="经费支出")


# --- Markdown entries -------------------------------------------------------------


class ImageRef(Strict):
    src: Text = Field(description="图片路径，相对于本文件，如 ../media/photo.jpg")
    caption: str | None = Field(default=None, description="图片说明")


class AttachmentRef(Strict):
    src: Text = Field(description="附件路径，相对于本文件，如 ../media/制度汇编.pdf")
    title: str | None = Field(default=None, description="附件名称")


def _image_list(value: Any) -> Any:
    value = _as_list(value)
    return [{"src": v} if isinstance(v, str) else v for v in value]


class EntryMeta(Strict):
    """Front matter shared by outcomes, cases and methods."""

    title: Text = Field(description="标题")
    date: Date = Field(description="日期（据此判断所属建设年度），如 2024-05-20")
    tasks: Annotated[list[Task], BeforeValidator(_as_list), Field(min_length=1)] = Field(
        description="服务的建设任务：political、party-work、ideology、development、team"
    )
    indicators: TextList = Field(default=[], description="对应的建设标准三级指标编号，如 1.2.3")
    representative: bool = Field(default=False, description="是否为本年度代表性成果")
    level: Level | None = Field(default=None, description="级别：school、city、province、national")
    summary: str | None = Field(default=None, description="摘要（一两句话）")
    people: TextList = Field(default=[], description="参与人员")
    images: Annotated[list[ImageRef], BeforeValidator(_image_list)] = Field(default=[], description="图片")
    attachments: Annotated[list[AttachmentRef], BeforeValidator(_image_list)] = Field(default=[], description="附件")
    tags: TextList = Field(default=[], description="标签")
    visibility: Visibility = Field(default=Visibility.PUBLIC, description="public 公开、acceptance 仅验收、internal 内部")


class OutcomeMeta(EntryMeta):
    type: Form = Field(description="成果形式：system、method、brand、platform、research、demonstration、other")


class CaseMeta(EntryMeta):
    type: Literal[Form.METHOD] = Field(default=Form.METHOD, description="典型案例固定为 method")


class MethodMeta(CaseMeta):
    pass


class ReportMeta(Strict):
    title: Text = Field(description="标题")
    kind: ReportKind = Field(description="annual 年度工作总结，midterm 中期考核报告，plan 年度工作计划，final 验收总结报告")
    year: Year | None = Field(default=None, description="所属的建设年度（年度工作总结、年度工作计划必填）")
    date: Date | None = Field(default=None, description="落款日期")
    issuer: str | None = Field(default=None, description="落款单位，如“机电工程学院教工第一党支部”；不写时用工作室所依托的党支部")
    enclosures: TextList = Field(default=[], description="文末附件清单：各附件的名称，如“工作台账（2024年度）”")
    images: Annotated[list[ImageRef], BeforeValidator(_image_list)] = Field(default=[], description="图片")
    attachments: Annotated[list[AttachmentRef], BeforeValidator(_image_list)] = Field(default=[], description="附件")
    visibility: Visibility = Field(default=Visibility.PUBLIC, description="public 公开、acceptance 仅验收、internal 内部")

    @property
    def signs_off(self) -> bool:
        """Whether the report ends as a document: enclosures, then issuer and date on the right."""
        return bool(self.enclosures or self.issuer or self.date)

    @property
    def enclosure_lines(self) -> list[str]:
        """“附件：” is followed by the names, numbered “1．” when there are several."""
        many = len(self.enclosures) > 1
        return [f"{n}．{item}" if many else item for n, item in enumerate(self.enclosures, start=1)]


#: The scanned files an entry shows before its body, and what each is: an honour's certificate,
#: a report's archived copy. The site and both print formats show them alike.
SCANNED_FIELDS = {"certificate": "证书", "archive": "报道存档"}


class ItemMeta(Strict):
    """Front matter shared by news, honours, coverage, talks and records: dated items that
    show what a studio did, but never count as outcomes."""

    #: Fields naming one file of the studio, with how the file is used (see `Entry.front_references`).
    FILE_FIELDS: ClassVar[dict[str, str]] = {}

    title: Text = Field(description="标题")
    date: Date = Field(description="日期，如 2024-05-20")
    summary: str | None = Field(default=None, description="摘要（一两句话）")
    indicators: TextList = Field(default=[], description="作为哪些建设标准三级指标的支撑材料，如 1.2.3")
    people: TextList = Field(default=[], description="参与人员")
    images: Annotated[list[ImageRef], BeforeValidator(_image_list)] = Field(default=[], description="图片")
    attachments: Annotated[list[AttachmentRef], BeforeValidator(_image_list)] = Field(default=[], description="附件（文档、PDF 或 MP4 视频）")
    tags: TextList = Field(default=[], description="标签")
    visibility: Visibility = Field(default=Visibility.PUBLIC, description="public 公开、acceptance 仅验收、internal 内部")


class NewsMeta(ItemMeta):
    pass


class HonourMeta(ItemMeta):
    FILE_FIELDS: ClassVar[dict[str, str]] = {"certificate": "attachment", "outcome": "entry"}

    awarded_by: Text = Field(description="授予单位，如“中共××省委教育工委”")
    number: str | None = Field(default=None, description="文号，如“×教工委〔2024〕15号”")
    level: Level | None = Field(default=None, description="级别：school、city、province、national")
    certificate: str | None = Field(default=None, description="证书或文件扫描件（图片或 PDF），相对于本文件，如 ../media/证书.jpg")
    outcome: str | None = Field(default=None, description="获奖的成果，相对于本文件，如 ../outcomes/2024-dangke.md")


class PressMeta(ItemMeta):
    FILE_FIELDS: ClassVar[dict[str, str]] = {"archive": "attachment", "about": "entry"}

    outlet: Text = Field(description="媒体名称，如“中国教育报”“学习强国”")
    address: str | None = Field(default=None, title="原文网址", pattern=r"^https?://[^\s\"'<>]+$", description="原文网址（校外网址在校园网内可能打不开，请同时保存 archive 校内存档）")
    archive: str | None = Field(default=None, description="报道的校内存档：截图或 PDF，相对于本文件，如 ../media/报道截图.png")
    about: str | None = Field(default=None, description="报道的条目，相对于本文件，如 ../outcomes/2024-dangke.md")


class TalkMeta(ItemMeta):
    venue: Text = Field(description="地点或会议名称")
    speaker: Text = Field(description="报告人")
    audience: str | None = Field(default=None, description="听众，如“全省高校教师党支部书记培训班学员 120 人”")


class RecordMeta(ItemMeta):
    type: RecordType = Field(title="记录类型", description="记录类型：meetings “三会一课”记录、party-day 主题党日记录、minutes 会议纪要、ledger 工作台账、election 换届选举材料")
    visibility: Visibility = Field(default=Visibility.ACCEPTANCE, description="工作记录默认仅用于验收（acceptance），不上网站")


#: The front matter of each kind of entry, in the order forms and menus list the kinds.
ENTRY_MODELS: dict[EntryKind, type[Strict]] = {
    EntryKind.OUTCOME: OutcomeMeta, EntryKind.CASE: CaseMeta, EntryKind.METHOD: MethodMeta,
    EntryKind.NEWS: NewsMeta, EntryKind.HONOUR: HonourMeta, EntryKind.PRESS: PressMeta, EntryKind.TALK: TalkMeta,
    EntryKind.RECORD: RecordMeta, EntryKind.REPORT: ReportMeta,
}


class PageMeta(Strict):
    title: Text = Field(description="页面标题")
    order: int = Field(default=0, description="在导航中的顺序")
    heading: str | None = Field(default=None, description="文件标题，如“关于开展……工作的通知”：居中作为页面的大标题（导航中仍用 title）")
    number: str | None = Field(default=None, description="文号，如“×党发〔2023〕12号”，居中排在文件标题下")
    issuer: str | None = Field(default=None, description="落款单位，靠右排在文末，如“中共××学院委员会”")
    date: Date | None = Field(default=None, description="成文日期，靠右排在落款单位下")


# --- content/assessments.yml ----------------------------------------------------


class Assessment(Strict):
    studio: Text = Field(description="工作室目录名")
    year: Year = Field(description="第几建设年度")
    result: AssessmentResult = Field(description="excellent 优秀，pass 合格，rectify 限期整改，fail 不合格")
    comment: str | None = Field(default=None, description="考核意见")
    funds: Amount | None = Field(default=None, description="拨付经费（元）")
    deadline: Date | None = Field(default=None, description="整改期限（限期整改时必填）")

    @property
    def verdict(self) -> str:
        """The grade as forms and pages print it: a rectification carries its deadline."""
        if self.result is AssessmentResult.RECTIFY and self.deadline:
            return f"{self.result.label}（{chinese_date(self.deadline)}前）"
        return self.result.label


class Assessments(Strict):
    assessments: list[Assessment] = Field(default=[], description="年度考核结果")


# --- content/owners.yml ---------------------------------------------------------

Account = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().lstrip("@") if isinstance(v, str) else v),
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$"),
]


class Owner(Strict):
    account: Account = Field(description="git 服务器上的账号（或“组织/团队”），不带 @")
    name: str | None = Field(default=None, description="姓名")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="提交代码时使用的电子邮箱")


class Owners(Strict):
    office: list[Owner] = Field(min_length=1, description="党委办公室：负责 content/ 和仓库其余部分，也可修改所有工作室")
    studios: dict[str, list[Owner]] = Field(default={}, description="各工作室（目录名）可修改本工作室内容的账号")

    def accounts_for(self, slug: str | None) -> set[str]:
        """Accounts allowed to change a studio's folder (None: the rest of the repository)."""
        office = {o.account.lower() for o in self.office}
        if slug is None:
            return office
        return office | {o.account.lower() for o in self.studios.get(slug, [])}

    def accounts_with_email(self, email: str) -> set[str]:
        wanted = email.strip().lower()
        everyone = [*self.office, *(o for group in self.studios.values() for o in group)]
        return {o.account.lower() for o in everyone if o.email and o.email.lower() == wanted}
