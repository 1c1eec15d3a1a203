"""Draws the demo content's illustrative pictures (run once; the results are committed).

Everything is drawn with Pillow: a cover banner, an event-photo-like scene at
phone-camera size, a bar chart, a secretary portrait placeholder and a
certificate scanned to PDF. One photo carries an EXIF rotation and a GPS
position, as phone photos do, so the media pipeline has something real to strip.

Usage: python tools/make_demo_media.py   (needs fonts-noto-cjk)
       python tools/make_demo_media.py items   (the pictures and the film of news, honours and
       coverage; needs ffmpeg as well)
       python tools/make_demo_media.py covers   (the studios' banners only)
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SC = 2  # index of the Simplified Chinese face in Noto's collections

STUDIOS = {
    "huagong": dict(
        colour=(176, 32, 36), motif="flask", name="石油化工学院教工第一党支部书记工作室", brand="红色引擎·安全护航",
        scene="“安全护航 党员先行”主题党日活动", chart=("党员示范岗参与人次", ["2023", "2024", "2025", "2026"], [46, 88, 132, 151]),
        big=True, rotate_gps=True,
    ),
    "jidian": dict(
        colour=(138, 30, 24), motif="gear", name="机电工程学院教工党支部书记工作室", brand="匠心铸魂·党建领航",
        scene="“工匠精神进课堂”党员示范课", chart=("课程思政示范课（门）", ["第一年", "第二年", "第三年"], [4, 9, 15]),
        big=True,
    ),
    "xinxi": dict(
        colour=(150, 24, 40), motif="code", name="信息工程学院教工第二党支部书记工作室", brand="红色代码·数字育人",
        scene="“红色代码”网络育人平台上线仪式", chart=("平台月均访问量（千次）", ["2024.03", "2024.09", "2025.03", "2025.09", "2026.03"], [6, 15, 27, 38, 46]),
        big=True,
    ),
    "shangmao": dict(
        colour=(184, 58, 26), motif="chart", name="经济管理学院教工党支部书记工作室", brand="红色商道·诚信育人",
        scene="“诚信商道”校企党建联建签约仪式", chart=("助农直播带货销售额（万元）", ["2024", "2025", "2026"], [12, 35, 58]),
        big=True,
    ),
    "huli": dict(
        colour=(168, 30, 64), motif="heart", name="护理学院教工党支部书记工作室", brand="南丁格尔·红心守护",
        scene="“红心守护”社区健康服务日", chart=("志愿服务时长（小时）", ["第一年", "第二年", "第三年"], [860, 1420, 2035]),
        big=True,
    ),
    "makesi": dict(
        colour=(124, 20, 24), motif="book", name="马克思主义学院教工党支部书记工作室", brand="理论铸魂·行走的思政课",
        scene="“行走的思政课”红色研学实践", chart=("“行走的思政课”覆盖学生（人）", ["2023", "2024", "2025", "2026"], [320, 980, 1650, 2240]),
        big=True,
    ),
}


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=SC)


def lighten(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(int(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]


def darken(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(int(c * (1 - amount)) for c in colour)  # type: ignore[return-value]


def gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel((0, y), tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    return column.resize(size)


def _motif(draw: ImageDraw.ImageDraw, kind: str, colour: tuple[int, int, int]) -> None:
    """Each studio's own emblem on its banner, drawn in light lines on the right."""
    ink = lighten(colour, 0.55)
    line = dict(fill=ink, width=14)
    if kind == "flask":  # chemistry: a flask and a safety shield
        draw.line([(1230, 120), (1230, 250), (1130, 450), (1450, 450), (1350, 250), (1350, 120)], joint="curve", **line)
        draw.line([(1200, 120), (1380, 120)], **line)
        draw.line([(1165, 380), (1415, 380)], fill=ink, width=8)
        for x, y, r in ((1250, 410, 16), (1320, 400, 11), (1290, 350, 9)):
            draw.ellipse((x - r, y - r, x + r, y + r), outline=ink, width=6)
    elif kind == "gear":  # machinery: a gear
        cx, cy = 1290, 290
        teeth = [(cx + (170 if i % 2 == 0 else 135) * math.cos(math.radians(i * 15)),
                  cy + (170 if i % 2 == 0 else 135) * math.sin(math.radians(i * 15))) for i in range(24)]
        draw.polygon(teeth, outline=ink, width=12)
        draw.ellipse((cx - 60, cy - 60, cx + 60, cy + 60), outline=ink, width=12)
    elif kind == "code":  # computing: a screen with code brackets
        draw.rounded_rectangle((1110, 110, 1470, 370), radius=18, outline=ink, width=12)
        draw.line([(1230, 420), (1350, 420)], **line)
        draw.line([(1290, 370), (1290, 420)], **line)
        draw.line([(1220, 180), (1170, 240), (1220, 300)], **line)
        draw.line([(1360, 180), (1410, 240), (1360, 300)], **line)
        draw.line([(1310, 170), (1270, 310)], fill=ink, width=10)
    elif kind == "chart":  # commerce: a rising bar chart
        for i, h in enumerate((110, 180, 250, 330)):
            x = 1120 + i * 95
            draw.rectangle((x, 450 - h, x + 60, 450), outline=ink, width=10)
        draw.line([(1110, 300), (1230, 240), (1320, 250), (1470, 110)], fill=ink, width=10)
    elif kind == "heart":  # nursing: a heart with a cross
        draw.polygon([(1290, 450), (1120, 270), (1140, 170), (1220, 130), (1290, 190), (1360, 130), (1440, 170),
                      (1460, 270)], outline=ink, width=12)
        draw.rectangle((1270, 220, 1310, 360), fill=ink)
        draw.rectangle((1220, 270, 1360, 310), fill=ink)
    elif kind == "book":  # theory: an open book
        draw.polygon([(1290, 200), (1130, 150), (1130, 420), (1290, 460)], outline=ink, width=12)
        draw.polygon([(1290, 200), (1450, 150), (1450, 420), (1290, 460)], outline=ink, width=12)
        for y in (230, 280, 330):
            draw.line([(1160, y - 40), (1260, y - 10)], fill=ink, width=6)
            draw.line([(1320, y - 10), (1420, y - 40)], fill=ink, width=6)


def cover(spec: dict, out: Path) -> None:
    width, height = 1600, 600
    colour = spec["colour"]
    image = gradient((width, height), colour, darken(colour, 0.35))
    draw = ImageDraw.Draw(image)
    emblem = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    _motif(ImageDraw.Draw(emblem), spec["motif"], colour)
    image.paste(emblem, (110, 10), emblem)  # right of the longest name
    draw.rectangle((0, 470, width, 478), fill=(242, 196, 92))
    draw.text((90, 150), spec["name"], font=font(SANS_BOLD, 60), fill=(255, 247, 230))
    draw.text((92, 260), spec["brand"], font=font(SERIF_BOLD, 76), fill=(255, 226, 150))
    draw.text((94, 500), "示例职业技术学院 · “双带头人”教师党支部书记工作室（示例）", font=font(SANS, 34), fill=(255, 240, 220))
    image.save(out, "JPEG", quality=86, optimize=True, progressive=True)


def person(draw: ImageDraw.ImageDraw, x: float, y: float, scale: float, rng: random.Random) -> None:
    shirt = rng.choice([(40, 52, 80), (236, 236, 240), (70, 72, 78), (30, 40, 60), (200, 205, 215)])
    skin = rng.choice([(226, 190, 160), (214, 176, 146), (235, 200, 172)])
    hair = (25, 22, 22)
    head = 34 * scale
    draw.rounded_rectangle((x - 58 * scale, y, x + 58 * scale, y + 150 * scale), radius=int(40 * scale), fill=shirt)
    draw.ellipse((x - head, y - 2.2 * head, x + head, y - 0.2 * head), fill=skin)
    draw.chord((x - head * 1.05, y - 2.3 * head, x + head * 1.05, y - 0.8 * head), 180, 360, fill=hair)


def scene(spec: dict, size: tuple[int, int], seed: int) -> Image.Image:
    rng = random.Random(seed)
    width, height = size
    s = width / 4000
    image = gradient(size, (214, 208, 198), (150, 140, 128))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, height * 0.62), (width, height * 0.62), (width, height), (0, height)], fill=(118, 96, 78))
    draw.rectangle((0, height * 0.6, width, height * 0.63), fill=(90, 70, 56))
    colour = spec["colour"]
    draw.rectangle((width * 0.12, height * 0.1, width * 0.88, height * 0.42), fill=colour)
    draw.rectangle((width * 0.12, height * 0.42, width * 0.88, height * 0.44), fill=darken(colour, 0.3))
    title = font(SANS_BOLD, int(150 * s))
    text = spec["scene"]
    box = draw.textbbox((0, 0), text, font=title)
    draw.text(((width - (box[2] - box[0])) / 2, height * 0.2), text, font=title, fill=(255, 230, 150))
    sub = font(SANS, int(80 * s))
    line = "示例职业技术学院 · " + spec["name"]
    box = draw.textbbox((0, 0), line, font=sub)
    draw.text(((width - (box[2] - box[0])) / 2, height * 0.31), line, font=sub, fill=(255, 240, 225))
    draw.rectangle((width * 0.42, height * 0.47, width * 0.58, height * 0.6), fill=(120, 70, 40))  # lectern
    person(draw, width * 0.5, height * 0.47, 1.2 * s, rng)
    for row in range(4):  # audience, nearer rows larger
        scale = (1.5 + row * 0.55) * s
        y = height * (0.64 + row * 0.085)
        count = 9 - row
        for i in range(count):
            x = width * (i + 0.5 + rng.uniform(-0.15, 0.15)) / count
            person(draw, x, y, scale, rng)
    image = image.filter(ImageFilter.GaussianBlur(radius=max(1, 2.2 * s)))
    noise = Image.effect_noise(size, 18).convert("RGB")
    return Image.blend(image, noise, 0.06)


def photo(spec: dict, out: Path, big: bool, rotate_gps: bool) -> None:
    size = (4000, 3000) if big else (1600, 1200)
    image = scene(spec, size, seed=len(spec["name"]))
    exif = Image.Exif()
    exif[0x010F] = "Demo Phone"  # Make
    exif[0x0110] = "Demo Phone 12"  # Model
    if rotate_gps:
        # Stored sideways with Orientation 6, as a phone held upright writes it.
        image = image.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", (36.0, 39.0, 5.4)
        gps[3], gps[4] = "E", (117.0, 7.0, 20.1)
    image.save(out, "JPEG", quality=80, optimize=True, exif=exif.tobytes())


def chart(spec: dict, out: Path) -> None:
    title, labels, values = spec["chart"]
    width, height = 1400, 820
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.text((80, 40), title, font=font(SANS_BOLD, 44), fill=(40, 40, 40))
    left, bottom, top = 140, height - 120, 170
    draw.line((left, top, left, bottom), fill=(120, 120, 120), width=3)
    draw.line((left, bottom, width - 60, bottom), fill=(120, 120, 120), width=3)
    peak = max(values) * 1.15
    slot = (width - 60 - left) / len(values)
    label_font, value_font = font(SANS, 32), font(SANS_BOLD, 34)
    for i, (label, value) in enumerate(zip(labels, values)):
        x0 = left + slot * i + slot * 0.2
        x1 = left + slot * (i + 1) - slot * 0.2
        y = bottom - (bottom - top) * value / peak
        draw.rectangle((x0, y, x1, bottom), fill=lighten(spec["colour"], 0.15 * (len(values) - i - 1)))
        text = f"{value}"
        box = draw.textbbox((0, 0), text, font=value_font)
        draw.text(((x0 + x1 - box[2]) / 2, y - 50), text, font=value_font, fill=(60, 60, 60))
        box = draw.textbbox((0, 0), label, font=label_font)
        draw.text(((x0 + x1 - box[2]) / 2, bottom + 22), label, font=label_font, fill=(70, 70, 70))
    image.save(out, "PNG", optimize=True)


def portrait(spec: dict, out: Path) -> None:
    width, height = 600, 800
    image = gradient((width, height), (232, 236, 242), (196, 204, 216))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((110, 520, 490, 900), radius=150, fill=(42, 52, 76))
    draw.polygon([(300, 540), (255, 520), (345, 520)], fill=(240, 240, 240))
    draw.ellipse((185, 230, 415, 500), fill=(224, 190, 162))
    draw.chord((175, 215, 425, 400), 180, 360, fill=(30, 26, 26))
    draw.ellipse((285, 600, 315, 630), fill=spec["colour"])  # Party badge
    draw.text((160, 720), "（示例照片）", font=font(SANS, 44), fill=(250, 250, 250))
    image.save(out, "JPEG", quality=85, optimize=True)


def certificate(spec: dict, out: Path, title: str, lines: list[str]) -> None:
    width, height = 1240, 1754  # A4 at 150 dpi
    image = Image.new("RGB", (width, height), (253, 250, 242))
    draw = ImageDraw.Draw(image)
    draw.rectangle((50, 50, width - 50, height - 50), outline=spec["colour"], width=14)
    draw.rectangle((80, 80, width - 80, height - 80), outline=(212, 170, 80), width=4)
    heading = font(SERIF_BOLD, 96)
    box = draw.textbbox((0, 0), title, font=heading)
    draw.text(((width - box[2]) / 2, 260), title, font=heading, fill=spec["colour"])
    body = font(SANS, 44)
    y = 520
    for line in lines:
        draw.text((170, y), line, font=body, fill=(40, 40, 40))
        y += 90
    draw.ellipse((780, 1260, 1060, 1540), outline=(200, 30, 30), width=10)
    draw.text((830, 1380), "（示例）", font=font(SANS_BOLD, 46), fill=(200, 30, 30))
    draw.text((170, 1560), "本文件为系统演示用示例，不具有任何效力。", font=font(SANS, 32), fill=(120, 120, 120))
    if out.suffix == ".pdf":
        image.save(out, "PDF", resolution=150)
    else:
        image.save(out, "JPEG", quality=82, optimize=True)


def screenshot(spec: dict, out: Path, outlet: str, title: str) -> None:
    """A news page as a phone or browser screenshot keeps it: masthead, headline, text lines."""
    width, height = 1200, 1500
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 150), fill=(190, 20, 30))
    draw.text((60, 40), outlet + "（示例）", font=font(SERIF_BOLD, 60), fill=(255, 255, 255))
    y = 220
    for line in _wrap(title, 19):
        draw.text((60, y), line, font=font(SANS_BOLD, 54), fill=(30, 30, 30))
        y += 80
    draw.text((60, y + 10), "来源：" + outlet + "　本文为系统演示用示例截图", font=font(SANS, 30), fill=(120, 120, 120))
    picture = scene(spec, (1080, 600), seed=len(title)).resize((1080, 600))
    image.paste(picture, (60, y + 80))
    y += 720
    rng = random.Random(len(title))
    while y < height - 80:
        draw.rectangle((60, y, 60 + rng.randint(700, 1080), y + 22), fill=(214, 214, 214))
        y += 52
    image.save(out, "JPEG", quality=80, optimize=True)


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def news_photo(spec: dict, out: Path, caption: str, seed: int) -> None:
    """An event photo of its own for each news item (a different banner, a different crowd)."""
    image = scene({**spec, "scene": caption, "colour": lighten(spec["colour"], 0.08 * (seed % 3))}, (1600, 1200), seed=seed)
    image.save(out, "JPEG", quality=78, optimize=True)


def video(spec: dict, out: Path, captions: list[str]) -> None:
    """A short film (H.264 video, AAC sound, as phones record) from a few scenes, with ffmpeg."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for number, caption in enumerate(captions):
            scene({**spec, "scene": caption}, (1280, 720), seed=number).save(Path(folder) / f"{number:02d}.png")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-framerate", "1/2", "-i", str(Path(folder) / "%02d.png"),
             "-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:v", "libx264", "-pix_fmt", "yuv420p",
             "-r", "15", "-vf", "scale=640:360", "-c:a", "aac", "-b:a", "48k", "-shortest", "-movflags", "+faststart",
             "-map_metadata", "-1", str(out)],
            check=True,
        )


#: Pictures of the news, honours and coverage of the demo (python tools/make_demo_media.py items).
ITEMS = {
    "huagong": dict(
        news=["安全生产月党员宣讲", "校企联合应急演练", "新党员入党宣誓仪式"],
        certificate=("荣誉证书", ["石油化工学院教工第一党支部书记工作室：", "", "被评为全省高校“双带头人”教师", "党支部书记工作室优秀建设案例。", "", "特发此证，以资鼓励。", "", "中共示例省委教育工作委员会（示例）", "二〇二五年六月"]),
        press=("示例教育报", "党员先锋岗守住实训安全线——示例职业技术学院化工党支部工作室见闻"),
        video=["“安全护航”主题党日", "党员示范岗现场讲解", "师生共同签署安全承诺"],
    ),
    "jidian": dict(news=["“工匠精神进课堂”示范课开课", "赴合作企业开展党建联建"],
                   certificate=("荣誉证书", ["机电工程学院教工党支部：", "", "在全市教育系统党建工作", "品牌创建活动中被评为", "优秀党建品牌。", "", "中共示例市委教育工委（示例）", "二〇二四年十二月"])),
    "xinxi": dict(news=["“红色代码”平台访问量突破四万", "网络育人工作坊"],
                  certificate=("荣誉证书", ["信息工程学院教工第二党支部：", "", "“红色代码”网络育人平台被评为", "全省高校网络思想政治教育", "优秀作品。", "", "示例省教育厅（示例）", "二〇二五年十一月"]),
                  press=("示例日报", "一个党支部的“红色代码”：网络育人平台让思政课活起来")),
    "shangmao": dict(news=["助农直播基地揭牌"],
                     certificate=("荣誉证书", ["商贸管理学院教工党支部书记工作室：", "", "被评为示例市“校地共建”", "先进集体。", "", "示例市商务局（示例）", "二〇二五年五月"])),
    "huli": dict(news=["“红心守护”健康服务进社区"]),
    "makesi": dict(news=["“行走的思政课”走进革命纪念馆"],
                   certificate=("荣誉证书", ["马克思主义学院教工党支部书记工作室：", "", "“行走的思政课”被评为学校", "思想政治工作精品项目。", "", "中共示例职业技术学院委员会（示例）", "二〇二四年十月"]),
                   press=("示例职业技术学院新闻网", "“行走的思政课”：把课堂搬到红色纪念馆")),
}


def items() -> None:
    for slug, wanted in ITEMS.items():
        spec, media = STUDIOS[slug], ROOT / "studios" / slug / "media"
        for number, caption in enumerate(wanted["news"], start=1):
            news_photo(spec, media / f"dongtai-{number}.jpg", caption, seed=number * 7 + len(slug))
        if "certificate" in wanted:
            title, lines = wanted["certificate"]
            certificate(spec, media / "rongyu-zhengshu.jpg", title, lines)
        if "press" in wanted:
            screenshot(spec, media / "baodao-jietu.jpg", *wanted["press"])
        if "video" in wanted:
            video(spec, media / "huodong-shipin.mp4", wanted["video"])
        print(slug, sorted(p.name for p in media.iterdir()))


def emblem(out: Path) -> None:
    """A demo school emblem: a round seal, red with a gold ring, a star over an open book, the
    school's name in a ring. Transparent around it, so it sits on the header's red."""
    import math

    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    gold, red, cream = (226, 186, 74, 255), (170, 30, 26, 255), (255, 246, 228, 255)
    draw.ellipse((8, 8, size - 8, size - 8), fill=gold)
    draw.ellipse((30, 30, size - 30, size - 30), fill=red)
    draw.ellipse((136, 136, size - 136, size - 136), fill=cream)
    centre = size / 2
    star = [(centre + r * math.sin(math.pi * k / 5), 232 - r * math.cos(math.pi * k / 5))
            for k, r in zip(range(10), [62, 25] * 5)]
    draw.polygon(star, fill=red)
    draw.polygon([(166, 300), (256, 320), (256, 360), (166, 340)], fill=red)
    draw.polygon([(346, 300), (256, 320), (256, 360), (346, 340)], fill=red)
    name, ring = "示例职业技术学院", font(SERIF_BOLD, 46)
    for index, char in enumerate(name):
        angle = math.radians(-160 + index * (140 / (len(name) - 1)))
        glyph = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((32, 32), char, font=ring, fill=cream, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x, y = centre + 176 * math.cos(angle), centre + 176 * math.sin(angle)
        image.alpha_composite(glyph, (int(x - 32), int(y - 32)))
    image.save(out, "PNG", optimize=True)


def main() -> None:
    for slug, spec in STUDIOS.items():
        media = ROOT / "studios" / slug / "media"
        media.mkdir(parents=True, exist_ok=True)
        cover(spec, media / "cover.jpg")
        photo(spec, media / "huodong-xianchang.jpg", big=spec.get("big", False), rotate_gps=spec.get("rotate_gps", False))
        chart(spec, media / "chengxiao-tubiao.png")
        portrait(spec, media / "secretary.jpg")
        certificate(
            spec, media / "zhidu-huibian.pdf", "制度汇编（示例）",
            [spec["name"], "支部工作制度与工作机制汇编", "", "一、理论学习制度", "二、“三会一课”实施细则",
             "三、党员示范岗管理办法", "四、工作室经费使用管理办法"],
        )
        print(slug, sorted(p.name for p in media.iterdir()))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["items"]:
        items()
    elif sys.argv[1:] == ["emblem"]:  # the school's emblem in content/
        emblem(ROOT / "content" / "emblem.png")
    elif sys.argv[1:] == ["covers"]:  # the banners only (each studio's own emblem and tone)
        for slug, spec in STUDIOS.items():
            cover(spec, ROOT / "studios" / slug / "media" / "cover.jpg")
    else:
        main()
