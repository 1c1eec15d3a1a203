"""The one Chinese message catalogue: code → what is wrong → how to fix it.

Codes starting with ``E-`` are errors (they fail `showcase check` and stop a
build); ``W-`` codes are warnings. Texts are ``str.format`` templates.
"""

from __future__ import annotations

from typing import NamedTuple


class Message(NamedTuple):
    text: str
    fix: str


CATALOGUE: dict[str, Message] = {
    # --- files and encodings -------------------------------------------------
    "E-FILE-MISSING": Message(
        "找不到必需的文件 {name}。",
        "请按内容目录约定创建它（可运行 showcase new 生成模板）。",
    ),
    "E-FILE-EMPTY": Message("文件是空的。", "请填写内容，或删除这个文件。"),
    "E-FILE-BINARY": Message(
        "这不是文本文件（含有二进制内容），无法读取。",
        ".yml 和 .md 文件只能保存为纯文本；图片、Word 等文件请放到工作室的 media/ 文件夹，再在成果中引用。",
    ),
    "E-FILE-TOO-LARGE": Message(
        "文件太大（{size}），超过上限 {limit}。",
        "请拆分内容，或把大段材料作为附件放到 media/ 文件夹。",
    ),
    "E-YAML-SPACE": Message(
        "{where}用了{what}，它看起来像空格，却不会被当作空格（常见于从 Word 或微信复制的文字）。",
        "请删除这一行{where}的空白，再用键盘上的空格键重新输入（缩进用两个普通空格）。",
    ),
    "E-YAML-DASH": Message(
        "列表项前面用了中文的“{dash}”。",
        "列表项请以英文减号加一个空格开头，例如“- 张三”。",
    ),
    "E-FILE-LINK": Message(
        "这是一个{kind}，它指向别处的内容，不会被读取或发布。",
        "请把它换成文件（或文件夹）本身：删除这个链接，再把实际的文件复制到这里。",
    ),
    "E-FILE-UNREADABLE": Message("无法读取文件：{detail}。", "请检查文件权限，或重新保存该文件。"),
    "E-ENCODING-GBK": Message(
        "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本的“ANSI”）编码，从第 {line} 行开始无法按 UTF-8 读取。",
        "请运行 showcase fix-encoding {rel} 自动转换（会先保存 .bak 备份）；或用记事本打开后“另存为”，编码选择“UTF-8”。",
    ),
    "E-ENCODING-UTF16": Message(
        "文件是 UTF-16 编码（Windows 记事本的“Unicode”），无法读取。",
        "请运行 showcase fix-encoding {rel} 自动转换（会先保存 .bak 备份）；或用记事本打开后“另存为”，编码选择“UTF-8”。",
    ),
    "E-ENCODING-UNKNOWN": Message(
        "文件不是 UTF-8 编码，第 {line} 行含有无法识别的字节。",
        "请用编辑器把文件另存为 UTF-8 编码。",
    ),
    "E-FILE-TXT": Message(
        "文件名“{name}”的末尾多了 .txt（常见于用记事本保存时），这个文件不会被读取，其中的内容不会出现在网站和成果汇编中。",
        "请把文件改名为“{meant}”：在文件资源管理器的“查看”中勾选“文件扩展名”后再改名；用记事本保存时，“保存类型”请选“所有文件”。",
    ),
    "W-FILE-UNEXPECTED": Message(
        "这里不应出现文件“{name}”，它不会被使用。",
        "{hint}",
    ),
    # --- YAML and front matter -----------------------------------------------
    "E-YAML-SYNTAX": Message("格式错误：{detail}。", "{fix}"),
    "E-YAML-FULLWIDTH": Message(
        "字段名“{key}”后面用了中文冒号“：”。",
        "字段名后请用英文冒号加一个空格，例如“title: 标题”。",
    ),
    "E-YAML-LIMIT": Message(
        "内容的层次过多或过于庞大（{detail}），为安全起见拒绝读取。",
        "请删除多余的锚点（&）和引用（*），或减少嵌套层数。",
    ),
    "E-YAML-DUPKEY": Message(
        "字段“{key}”重复出现（上一次在第 {first} 行），后面的值会覆盖前面的值。",
        "请删除重复的一行，或把两处内容合并。",
    ),
    "E-YAML-KEY": Message("字段名必须是简单的文字，这里却是 {kind}。", "请检查缩进和冒号的位置。"),
    "E-YAML-ROOT": Message(
        "文件内容应当是“字段: 值”的形式，这里却是 {kind}。",
        "请参照模板（showcase new）逐行写成“字段名: 内容”。",
    ),
    "E-FM-MISSING": Message(
        "文件开头缺少用 --- 包围的属性区（标题、日期等字段写在这里）。",
        "请在第一行写 ---，接着写 title、date 等字段，再用一行 --- 结束，正文写在后面；可运行 showcase new 生成模板。",
    ),
    "E-FM-UNCLOSED": Message(
        "属性区没有结束标记。",
        "请在最后一个字段之后单独写一行 ---，再写正文。",
    ),
    # --- fields ----------------------------------------------------------------
    "E-FIELD-MISSING": Message("缺少必填字段 {field}。", "请添加一行“{key}: …”。"),
    "E-FIELD-UNKNOWN": Message(
        "未知字段“{key}”。",
        "{guess}请检查拼写；这里可用的字段有：{allowed}。",
    ),
    "E-FIELD-INVALID": Message("字段 {field}的值不正确：{detail}。", "{fix}"),
    "E-CODE-UNKNOWN": Message(
        "字段 {field}的取值“{value}”不是已知的代码。",
        "可选的取值有：{choices}。{hint}",
    ),
    "E-PLACEHOLDER": Message(
        "还有模板中的“{marker}”没有填写。",
        "请把带有“{marker}”的内容改成实际内容。",
    ),
    # --- standard and site ---------------------------------------------------
    "E-STANDARD-CODE": Message("指标编号“{code}”不正确：{detail}。", "{fix}"),
    "E-STANDARD-DUPLICATE": Message(
        "指标编号“{code}”重复（第一次出现在第 {first} 行）。",
        "每个指标的编号必须唯一，请修改其中一个。",
    ),
    "W-STANDARD-EVIDENCE": Message(
        "三级指标 {code} 没有写支撑材料要求（evidence）。",
        "请补充该指标需要的支撑材料，便于按指标整理验收材料。",
    ),
    "E-INDICATOR-UNKNOWN": Message(
        "建设标准中没有编号为“{code}”的三级指标。",
        "{hint}",
    ),
    "E-FEATURED-UNKNOWN": Message(
        "推荐条目“{ref}”不存在或未公开。",
        "请写成“工作室目录名/文件夹/文件名”（如 {example}），并确认该条目公开（visibility: public）。",
    ),
    "E-YEARS-INVALID": Message("建设年度设置有误：{detail}。", "请检查 content/site.yml 中 years 的开始和结束日期。"),
    # --- studios ---------------------------------------------------------------
    "E-SLUG-INVALID": Message(
        "名称“{name}”不能用作网址。",
        "{what}只能使用小写英文字母、数字和连字符（-），并以字母或数字开头，例如“{example}”。",
    ),
    "E-SLUG-RESERVED": Message(
        "名称“{name}”是 Windows 保留给设备的名字，这样的文件在 Windows 电脑上无法复制或打开。",
        "请给{what}换一个名字，例如“{example}”。",
    ),
    "E-SLUG-COLLISION": Message(
        "文件名“{name}”与“{other}”只差大小写，在 Windows 上会互相覆盖。",
        "请给其中一个文件改名。",
    ),
    "E-TITLE-DUPLICATE": Message(
        "{what}《{title}》与 {other} 重名，生成网页时会相互混淆。",
        "请修改其中一个的名称。",
    ),
    "E-BRANCH-AGE": Message(
        "依托党支部成立于 {founded}，到申报日期 {applied} 不满 3 年。",
        "按通知要求，申报的党支部须成立满 3 年（含）；请核对 branch_founded 和 applied_on 两个日期。",
    ),
    "E-REP-MISSING": Message(
        "{year_label}（{start} 至 {end}）没有代表性成果。",
        "通知要求每个工作室每年至少有 1 项代表性成果：请在该年度的一项成果的属性区中写“representative: true”。",
    ),
    "E-REPORT-FINAL-MISSING": Message(
        "工作室{why}，但还没有工作总结报告。",
        "请在 reports/ 文件夹中添加 kind: final 的总结报告（可运行 showcase new report 生成模板）。",
    ),
    "E-REPORT-YEAR": Message("{detail}。", "年度工作总结写“kind: annual”、年度工作计划写“kind: plan”，都用 year 写明第几年度（1、2 或 3）；验收总结写“kind: final”，不写 year。"),
    "E-LINK-KIND": Message(
        "“{src}”是一篇{kind}，不是成果：荣誉的 outcome 只能写获奖的成果、典型案例或工作法。",
        "请改写为 outcomes/、cases/ 或 methods/ 中的文件，如“../outcomes/2024-dangke.md”；没有对应成果时删除这一行。",
    ),
    "W-HONOUR-DATE": Message(
        "荣誉的日期（{ours}）早于它表彰的成果“{src}”的日期（{theirs}）。",
        "请核对两处日期：荣誉的 date 写表彰文件的印发日期，成果的 date 写成果形成的日期；其中一处写错时改正即可。",
    ),
    "W-LINK-HIDDEN": Message(
        "“{src}”设为{theirs}，而本条目设为{ours}：本条目显示的地方看不到它，链接不会显示。",
        "如果两者都应公开，请把“{src}”的 visibility 改为 public；否则可以忽略本提示。",
    ),
    "W-PRESS-ARCHIVE": Message(
        "“{outlet}”的这篇报道没有校内存档（archive）：校外网址在校园网内常常打不开，原文也可能被删除。",
        "请把报道保存为截图（PNG、JPEG）或 PDF 放到 media/，再写“archive: ../media/报道截图.png”。",
    ),
    "W-DATE-OUTSIDE": Message(
        "日期 {date} 不在建设周期（{start} 至 {end}）之内。",
        "请核对日期是否写错；如确实如此，可以忽略本提示。",
    ),
    "W-BUDGET-OVER": Message(
        "{year_label}支出合计 {spent} 元，超过预算 {budget} 元。",
        "请核对支出记录；经费应专款专用，超支部分需说明来源。",
    ),
    "E-EXPENSE-CATEGORY": Message(
        "支出类别“{category}”不在预算的类别中。",
        "可用的类别有：{choices}；请改用其中之一，或先在 budget 中增加该类别。",
    ),
    "W-PLAN-YEAR": Message("计划中缺少第 {year} 年度的目标。", "请在 years 中补充 year: {year} 的 goals、measures 和 expected_outcomes。"),
    "E-PLAN-YEAR-DUPLICATE": Message("第 {year} 年度写了不止一次。", "请把同一年度的内容合并到一处。"),
    # --- references, media -----------------------------------------------------
    "E-REF-MISSING": Message(
        "引用的文件“{src}”不存在。",
        "路径相对于当前文件，例如成果中引用图片应写“../media/照片.jpg”；请检查文件名（包括大小写和扩展名）。",
    ),
    "E-EMBLEM-FILE": Message(
        "学校校徽“{src}”{detail}。",
        "请把校徽图片（PNG 或 JPG）放在 content/ 文件夹中，在 site.yml 里只写文件名，如“emblem: emblem.png”。",
    ),
    "E-REF-OUTSIDE": Message(
        "引用“{src}”指向工作室文件夹之外（{detail}）。",
        "所有图片和附件都要放在本工作室的 media/ 文件夹里，并用“../media/文件名”这样的相对路径引用。",
    ),
    "E-REF-TYPE": Message(
        "文件“{src}”的类型（{ext}）不允许{usage}。",
        "允许的类型：{allowed}。",
    ),
    "E-REF-SIZE": Message(
        "文件“{src}”太大（{size}），上限为 {limit}。",
        "请压缩后再上传（图片可缩小到长边 4000 像素以内，PDF 可用“减小文件大小”另存）。",
    ),
    "E-REF-REMOTE": Message(
        "图片“{src}”来自外部网站，校园内网上无法显示，也会泄露访问记录。",
        "请把图片下载后放到本工作室的 media/ 文件夹，再用“../media/文件名”引用。",
    ),
    "E-IMAGE-DECODE": Message(
        "图片“{src}”无法读取：{detail}。",
        "文件可能已损坏或只上传了一部分，请重新导出或重新拍摄后替换。",
    ),
    "E-IMAGE-PIXELS": Message(
        "图片“{src}”尺寸过大（{width}×{height}，约 {mp} 百万像素），上限为 {limit} 百万像素。",
        "请把图片缩小到长边 6000 像素以内再上传。",
    ),
    "E-VIDEO-DECODE": Message(
        "视频“{src}”无法读取：{detail}。",
        "请用手机或剪辑软件重新导出为 MP4（H.264 视频、AAC 声音）后替换。",
    ),
    "E-VIDEO-CODEC": Message(
        "视频“{src}”的编码（{codecs}）在部分浏览器中无法播放。",
        "请导出为 MP4 格式，视频选 H.264、声音选 AAC（剪映、格式工厂等软件的“MP4 / H.264”选项），或运行：ffmpeg -i 原文件 -c:v libx264 -c:a aac 新文件.mp4",
    ),
    "E-VIDEO-LONG": Message(
        "视频“{src}”长 {minutes} 分钟，超过上限 {limit} 分钟。",
        "请剪成 {limit} 分钟以内的精华片段；完整录像请交党委办公室另行存档。",
    ),
    "E-VIDEO-TOOL": Message(
        "本机没有安装 {tool}，无法检查视频“{src}”。",
        "请安装 ffmpeg（Debian/Ubuntu：sudo apt-get install ffmpeg）后重新运行。",
    ),
    "E-IMAGE-SVG": Message(
        "不接受 SVG 图片“{src}”：SVG 可以携带脚本。",
        "请导出为 PNG 或 JPEG 后再引用。",
    ),
    # --- privacy and HTML ---------------------------------------------------
    "E-PRIVACY-IDCARD": Message(
        "公开内容中出现了身份证号码（{masked}）。",
        "请删除或改写为“已隐去”；如确需保留，请把该条目设为 visibility: internal。",
    ),
    "E-PRIVACY-MOBILE": Message(
        "公开内容中出现了手机号码（{masked}）。",
        "请删除个人手机号；如果是对外公布的办公电话，请把它加入 content/site.yml 的 privacy_allow 名单。",
    ),
    "E-PRIVACY-BANKCARD": Message(
        "公开内容中出现了银行卡号（{masked}）。",
        "请删除银行卡号，或改写为“已隐去”；报销等材料请不要放入公开条目。",
    ),
    "E-PRIVACY-ATTACHMENT": Message(
        "附件{where}有{kind}（{masked}），它随 {entry} 一起公开。",
        "请在原文件中删除或遮盖后重新放入 media/；如果材料只供验收，请把引用它的条目设为 visibility: internal（仅内部）。",
    ),
    "E-HTML-UNSAFE": Message(
        "正文中的 HTML {what}不安全，发布时会被删除。",
        "请删除它；需要表格、加粗等格式时请用 Markdown 写法。",
    ),
    "W-HTML-STRIPPED": Message(
        "正文中的 HTML {what}不在允许范围内，发布时会被去掉。",
        "请改用 Markdown 写法（如 **加粗**、表格），或删除它。",
    ),
    "E-BODY-LIMIT": Message(
        "正文太大或太复杂：{what}，无法可靠地生成页面，发布时不会显示。",
        "请把正文拆成几篇，或把大表格、大段材料作为附件（Excel、PDF）放到 media/ 后引用；列表和引用请不要层层套叠。",
    ),
    "W-MD-SYNTAX": Message("正文中的{what}不是本网站支持的 Markdown 写法：{effect}。", "{fix}"),
    "W-MD-INDENT": Message(
        "这一段（“{start}……”）以 4 个或更多空格开头，网站和成果汇编会把它显示成灰底的代码框，而不是正文。",
        "正文不需要首行缩进，排版时会自动处理：请删去这一段每行开头的空格。",
    ),
    "E-MD-IMAGE": Message(
        "图片“{src}”没有被识别为图片（路径中有空格或括号），页面上只会显示这段文字。",
        "请把文件名中的空格去掉（例如改成 a-b.jpg）后再引用，或把路径写在尖括号里：![说明](<../media/a b.jpg>)。",
    ),
    "W-MD-LINK": Message(
        "链接“{src}”没有被识别为链接（路径中有空格或括号），页面上只会显示这段文字。",
        "请去掉文件名中的空格，或把路径写在尖括号里：[说明](<../media/a b.pdf>)。",
    ),
    # --- assessments -------------------------------------------------------
    "E-ASSESS-STUDIO": Message("考核记录中的工作室“{slug}”不存在。", "请写 studios/ 下已有的工作室目录名，可选：{choices}。"),
    "E-ASSESS-DUPLICATE": Message("工作室“{slug}”第 {year} 年度的考核结果写了不止一次。", "请只保留一条。"),
    "E-ASSESS-DEADLINE": Message(
        "工作室“{slug}”第 {year} 年度考核结果为限期整改，但没有写整改期限（deadline）。",
        "请补充整改的截止日期，如“deadline: 2025-12-31”。",
    ),
    "W-ASSESS-DEADLINE": Message(
        "工作室“{slug}”第 {year} 年度考核结果为{result}，却写了整改期限（deadline）。",
        "只有限期整改需要整改期限：请删除 deadline，或把结果改为“result: rectify”（限期整改）。",
    ),
    # --- ownership (content/owners.yml, pull requests) -------------------------
    "E-OWNER-STUDIO": Message("内容归属中的工作室“{slug}”不存在。", "请写 studios/ 下已有的工作室目录名，可选：{choices}。"),
    "W-OWNER-MISSING": Message(
        "工作室“{slug}”在 content/owners.yml 中没有负责人账号，只有党委办公室能修改它。",
        "请在 owners.yml 的 studios 下为它添加工作室成员的 git 账号和邮箱，再运行 showcase owners --codeowners。",
    ),
    "E-OWNER-OUTSIDE": Message(
        "账号“{account}”修改了{where}，但它只负责{own}。",
        "请只提交本工作室文件夹中的修改；确需修改其他内容时，请联系{owner}提交，或请党委办公室调整 content/owners.yml。",
    ),
    "E-OWNER-UNKNOWN": Message(
        "提交 {commit} 的作者“{who}”不在 content/owners.yml 中，无法确认其可以修改这些文件。",
        "请在 git 中设置与 owners.yml 一致的邮箱（git config user.email 你的邮箱）后重新提交，或请党委办公室在 owners.yml 中登记你的账号和邮箱。",
    ),
    "W-REP-PENDING": Message(
        "{year_label}将于 {end} 结束，目前还没有代表性成果。",
        "通知要求每年至少 1 项代表性成果：请在年度结束前提交，并在该成果的属性区写“representative: true”。",
    ),
    # --- CLI-level -------------------------------------------------------------
    "E-ROOT-INVALID": Message(
        "“{root}”不是工作室内容目录（找不到 content/ 或 studios/）。",
        "请在内容仓库中运行，或用 --root 指定包含 content/ 和 studios/ 的目录。",
    ),
}


def render(code: str, /, **args: object) -> str:
    """The Chinese sentence for a code: what is wrong, then how to fix it."""
    message = CATALOGUE[code]
    return message.text.format(**args) + message.fix.format(**args)
