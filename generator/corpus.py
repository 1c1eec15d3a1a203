"""`showcase demo-corpus`: a synthetic, valid content tree of any size, for benchmarks.

Seeded and deterministic: the same arguments give the same files, byte for byte.
Studios, plans and entries follow the real layout; texts are Chinese sentences
recombined from a phrase bank (about 1,600 characters per entry); photos are
photo-like JPEGs of a phone's size; every form, task and indicator is used.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .codes import Form, Level, Task

COLLEGES = ["机电工程", "信息工程", "石油化工", "经济管理", "护理", "马克思主义", "建筑工程", "汽车工程", "艺术设计",
            "外国语", "电子工程", "食品药品", "交通运输", "旅游管理", "体育", "基础教学", "继续教育", "智能制造",
            "现代农业", "航空服务"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建华文国明远淑芬雅婷志强晓梅敏浩振宇静丽军伟芳娜秀英涛磊洋勇艳杰娟霞平刚桂兰玉兰"
TITLES = ["教授", "副教授", "讲师", "高级实验师", "助教", "高级工程师"]
OPENERS = ["工作室坚持把党的政治建设摆在首位，", "围绕立德树人根本任务，", "聚焦专业建设和人才培养，", "以“双带头人”培育为抓手，",
           "结合学院实际，", "在学校党委的指导下，", "依托校企合作平台，", "面向全体师生党员，"]
ACTIONS = ["建立了“三会一课”规范化台账", "开展了主题党日活动 12 次", "组织党员教师深入企业一线调研", "打造了课程思政示范课堂",
           "设立了党员先锋岗和责任区", "形成了“学—践—悟”三步工作法", "建成了网络育人专栏", "开展了结对帮扶和志愿服务",
           "完成了省级课题的立项和研究", "举办了经验交流会和现场推进会", "组织学生党员参加技能竞赛", "编写了工作案例汇编"]
RESULTS = ["党员的先锋模范作用明显增强。", "支部凝聚力和战斗力不断提升。", "学生的获得感和满意度持续提高。",
           "形成了可复制、可推广的经验做法。", "得到了学校党委和兄弟院校的肯定。", "相关做法被市级媒体报道。",
           "专业建设和党建工作实现了深度融合。", "教师的育人意识和能力明显提高。"]
# Sentences with the words real cases hold (equipment, programmes, policy terms, numbers with
# units), so that search is measured on what readers really type.
DETAILS = ["党员教师带队拆解光伏逆变器 {n} 台，整理出常见故障的处置方法。", "组织师生参观特高压换流站，听取直流输电运维讲解。",
           "编写《{course}》活页式教材，共 {n} 个项目。", "学院投入设备经费 {money}万元，建成工业机器人实训台 {n} 套。",
           "依托现代学徒制试点，与 {n} 家企业共建订单班。", "支部对照“七个有力”逐项自查，补齐短板。",
           "深入开展“四个意识”教育，引导党员教师坚定理想信念。", "实施青年教师“一人一方向”培养，每人确定一个技术方向。",
           "数控机床实训室安全隐患整改率达到 {pct}%。", "推进“岗课赛证”融通，学生取得职业技能等级证书 {n} 人次。",
           "推进产教融合，建成新能源汽车实训基地。", "全年开展“三会一课” {n} 次，记录完整规范。",
           "党员教师指导学生获省级职业技能大赛奖项 {n} 项。", "与企业合作完成横向课题，到账经费 {money} 万元。",
           "把“双带头人”培育作为支部建设的首要任务。", "建成虚拟仿真实训中心，年培训学员 {n} 人次。"]
COURSES = ["光伏逆变器安装与调试", "工业机器人编程", "化工安全技术", "老年护理实务", "直播电商运营", "网络安全基础"]
HEADINGS = ["背景与思路", "主要做法", "工作成效", "经验启示", "下一步打算"]
CATEGORIES = ["资料费", "活动费", "培训费", "宣传费", "研究费"]
YEARS = [(1, date(2023, 9, 1)), (2, date(2024, 9, 1)), (3, date(2025, 9, 1))]

SIZES = {
    "S": (6, 10, 4),     # demo-like
    "M": (20, 20, 6),
    "L": (50, 40, 8),    # 2,000 entries, 400 photos
}


@dataclass(frozen=True)
class CorpusStats:
    studios: int
    entries: int
    photos: int
    characters: int


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _paragraph(rng: random.Random, sentences: int) -> str:
    text = "".join(rng.choice(OPENERS) + rng.choice(ACTIONS) + "，" + rng.choice(RESULTS) for _ in range(sentences))
    detail = rng.choice(DETAILS).format(n=rng.randint(2, 40), pct=rng.choice((92, 96, 98, 100)), course=rng.choice(COURSES),
                                        money=rng.choice(("1.2", "3.5", "35", "8", "12.5")))
    return text + detail


def _body(rng: random.Random, target_chars: int, picture: str | None) -> str:
    parts, size = [], 0
    for heading in HEADINGS:
        text = _paragraph(rng, 5)
        parts.append(f"## {heading}\n\n{text}")
        size += len(text)
        if size >= target_chars:
            break
    while size < target_chars:
        text = _paragraph(rng, 4)
        parts.append(text)
        size += len(text)
    if picture:
        parts.insert(1, f"![活动现场](../media/{picture})")
    return "\n\n".join(parts) + "\n"


_TILE = []


def _noise_tile():
    from PIL import Image

    if not _TILE:
        _TILE.append(Image.effect_noise((509, 509), 24).convert("RGB"))
    return _TILE[0]


def _photo(rng: random.Random, size: tuple[int, int]) -> bytes:
    """A photo-like JPEG: a soft background, shapes and sensor-like noise, as a phone saves it."""
    from PIL import Image, ImageDraw, ImageFilter

    small = (size[0] // 8, size[1] // 8)
    base = Image.new("RGB", small, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(base)
    for _ in range(40):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        w, h = rng.randrange(20, small[0] // 2), rng.randrange(20, small[1] // 2)
        draw.ellipse((x, y, x + w, y + h), fill=tuple(rng.randrange(256) for _ in range(3)))
    picture = base.filter(ImageFilter.GaussianBlur(4)).resize(size, Image.BILINEAR)
    noise = Image.new("RGB", size)
    tile = _noise_tile()
    shift = rng.randrange(tile.width)
    for x in range(-shift, size[0], tile.width):  # sensor-like grain, tiled: cheap at 12 megapixels
        for y in range(0, size[1], tile.height):
            noise.paste(tile, (x, y))
    picture = Image.blend(picture, noise, 0.12)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _front(fields: dict) -> str:
    lines = []
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def write_corpus(out: Path, product: Path, studios: int, entries_per_studio: int, photos_per_studio: int,
                 seed: int = 2023, photo_size: tuple[int, int] = (4000, 3000), chars: int = 1600) -> CorpusStats:
    """Write the corpus into `out` (which must not exist); `product` supplies content/ (site, standard, pages)."""
    from .reading.loader import load_project

    if out.exists() and any(out.iterdir()):
        raise FileExistsError(out)
    rng = random.Random(seed)
    (out / "content").mkdir(parents=True)
    shutil.copy(product / "content" / "standard.yml", out / "content" / "standard.yml")
    site = _load_yaml(product / "content" / "site.yml")
    site["featured"] = [f"gzs-{n:03d}/outcomes/{YEARS[0][1].year}-outcome-001" for n in range(1, min(studios, 3) + 1)]
    shutil.copytree(product / "content" / "pages", out / "content" / "pages")
    if site.get("emblem"):  # the school's emblem the site names comes along
        shutil.copy(product / "content" / site["emblem"], out / "content" / site["emblem"])
    leaves = sorted(load_project(product).standard.model.leaves())
    forms = [f for f in Form]
    tasks = [t.value for t in Task]
    levels = [lv.value for lv in Level]
    owners = {"office": [{"account": "dangban", "name": "党委办公室"}], "studios": {}}
    total_entries = total_photos = total_chars = 0
    entry_counter = 0
    for index in range(studios):
        slug = f"gzs-{index + 1:03d}"
        college = COLLEGES[index % len(COLLEGES)] + "学院"
        branch = f"{college}教工第{'一二三四五六七八九十'[index // len(COLLEGES) % 10]}党支部"
        folder = out / "studios" / slug
        for sub in ("outcomes", "cases", "methods", "reports", "media"):
            (folder / sub).mkdir(parents=True)
        secretary = _name(rng)
        members = [{"name": _name(rng), "role": rng.choice(["组织委员", "宣传委员", "纪检委员", "青年骨干"]), "title": rng.choice(TITLES)}
                   for _ in range(4)]
        profile = {
            "name": f"{branch}书记工作室（示例）", "brand": rng.choice(["红色引擎", "先锋领航", "匠心育人", "初心如磐"]) + "·" + rng.choice(["立德树人", "强基固本", "守正创新"]),
            "branch": branch, "parent_org": f"{college}党总支", "department": college, "branch_founded": "2016-09-01",
            "applied_on": "2023-06-20", "status": "accepted", "secretary": {"name": secretary, "title": rng.choice(TITLES[:3]),
            "position": "党支部书记、专业带头人", "research": "职业教育、党建研究", "bio": _paragraph(rng, 2)},
            "members": members, "intro": _paragraph(rng, 4) + "\n\n本工作室为性能测试生成的示例，人物和数据均为虚构。", "tags": ["示例"],
        }
        (folder / "studio.yml").write_text(_yaml(profile), encoding="utf-8")
        budget, expenditure = [], []
        for year, start in YEARS:
            for category in CATEGORIES[:3]:
                amount = rng.randrange(20, 60) * 100
                budget.append({"year": year, "item": f"{category.removesuffix('费')}项目", "category": category, "amount": amount})
                expenditure.append({"date": (start + timedelta(days=rng.randrange(30, 300))).isoformat(), "item": f"{category.removesuffix('费')}支出",
                                    "category": category, "amount": amount - rng.randrange(0, 10) * 100, "note": None})
        plan = {"goal": _paragraph(rng, 2), "years": [{"year": y, "goals": [rng.choice(ACTIONS), rng.choice(ACTIONS)],
                "measures": [rng.choice(ACTIONS)], "expected_outcomes": [rng.choice(ACTIONS)]} for y, _ in YEARS],
                "budget": budget, "expenditure": [{k: v for k, v in e.items() if v is not None} for e in expenditure]}
        (folder / "plan.yml").write_text(_yaml(plan), encoding="utf-8")
        photos = []
        for number in range(photos_per_studio):
            name = f"photo-{number + 1:02d}.jpg"
            (folder / "media" / name).write_bytes(_photo(rng, photo_size))
            photos.append(name)
        total_photos += len(photos)
        reports = 4 if entries_per_studio >= 8 else 0
        for year, start in YEARS if reports else []:
            day = start + timedelta(days=300)
            text = _paragraph(rng, 10)
            (folder / "reports" / f"{day.year}-niandu-zongjie.md").write_text(
                _front({"title": f"{profile['name']}第{year}建设年度工作总结", "kind": "annual", "year": year, "date": day.isoformat()}) + text + "\n",
                encoding="utf-8")
            total_chars += len(text)
        if reports:
            text = _paragraph(rng, 20)
            (folder / "reports" / "2026-yanshou-zongjie.md").write_text(
                _front({"title": f"{profile['name']}建设工作总结报告", "kind": "final", "date": "2026-06-20"}) + text + "\n", encoding="utf-8")
            total_chars += len(text)
        for number in range(entries_per_studio - reports):
            year, start = YEARS[number % 3]
            day = start + timedelta(days=10 + (number * 37) % 330)
            kind = "cases" if number % 10 == 7 else "methods" if number % 10 == 8 else "outcomes"
            picture = photos[number] if number < len(photos) else None
            form = forms[entry_counter % len(forms)]
            fields = {
                "title": f"{rng.choice(['“', ''])}{rng.choice(ACTIONS)}{rng.choice(['”', ''])}（{slug}-{number + 1}）",
                "date": day.isoformat(),
                "type": form.value if kind == "outcomes" else None,
                "tasks": [tasks[entry_counter % len(tasks)], tasks[(entry_counter + 2) % len(tasks)]],
                "indicators": [leaves[entry_counter % len(leaves)], leaves[(entry_counter * 7 + 3) % len(leaves)]],
                "representative": kind == "outcomes" and number < 3,
                "level": levels[entry_counter % len(levels)],
                "summary": rng.choice(RESULTS),
                "people": [secretary, members[number % 4]["name"]],
            }
            if fields["indicators"][0] == fields["indicators"][1]:
                fields["indicators"] = fields["indicators"][:1]
            body = _body(rng, chars, picture)
            (folder / kind / f"{day.year}-{kind[:-1]}-{number + 1:03d}.md").write_text(_front(fields) + body, encoding="utf-8")
            total_chars += len(body)
            entry_counter += 1
        total_entries += entries_per_studio
        owners["studios"][slug] = [{"account": f"user{index + 1:03d}", "name": secretary}]
    (out / "content" / "owners.yml").write_text(_yaml(owners), encoding="utf-8")
    (out / "content" / "site.yml").write_text(_yaml(site), encoding="utf-8")
    return CorpusStats(studios, total_entries, total_photos, total_chars)


def _yaml(data) -> str:
    from .files import yaml_text

    return yaml_text(data, width=1000)


def _load_yaml(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))
