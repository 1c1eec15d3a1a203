"""Chinese names of content fields, for messages and editor schemas."""

FIELD_LABELS = {
    "title": "标题", "date": "日期", "type": "成果形式", "tasks": "建设任务", "indicators": "指标",
    "representative": "代表性成果", "level": "级别", "summary": "摘要", "people": "参与人员",
    "images": "图片", "attachments": "附件", "tags": "标签", "visibility": "公开范围", "src": "路径",
    "caption": "图片说明", "name": "名称", "brand": "品牌口号", "branch": "依托党支部",
    "parent_org": "所属党总支", "department": "所在院系部门", "branch_founded": "党支部成立日期",
    "applied_on": "申报日期", "status": "状态", "secretary": "党支部书记", "members": "成员",
    "intro": "简介", "cover": "封面图片", "position": "职务", "research": "学术方向", "bio": "简介",
    "photo": "照片", "role": "分工", "goal": "总目标", "years": "年度", "year": "年度", "goals": "年度目标",
    "measures": "实施举措", "expected_outcomes": "预期成果", "budget": "经费预算",
    "expenditure": "经费支出", "item": "项目", "category": "经费类别", "amount": "金额", "note": "备注",
    "kind": "总结类型", "school": "学校名称", "committee": "学校党委名称", "notice": "通知",
    "number": "文号", "phases": "项目阶段", "start": "开始日期", "end": "结束日期", "label": "名称",
    "contact": "联系方式", "office": "联系部门", "code": "指标编号", "evidence": "支撑材料要求",
    "children": "下一级指标", "description": "说明", "studio": "工作室", "result": "考核结果",
    "comment": "考核意见", "funds": "拨付经费", "deadline": "整改期限", "assessments": "考核结果",
    "account": "账号", "email": "电子邮箱", "studios": "工作室",
    "order": "顺序", "key": "阶段代码", "featured": "首页推荐", "privacy_allow": "隐私放行名单",
    "search_terms": "搜索补充词语", "source": "内容仓库", "server": "代码托管服务", "address": "服务器地址",
    "repository": "仓库", "cms_app_id": "OAuth 应用客户端 ID",
}
