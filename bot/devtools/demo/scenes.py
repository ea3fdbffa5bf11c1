"""The user guide's example chats as scenes (see bot.devtools.demo.guide for the notation)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scene:
    """One example chat: the lines it shows, and what happened before."""

    name: str
    script: str
    given: str = ""
    also: tuple[str, ...] = ()  # people whose messages from the bot show as "🤖 → name"
    readers: tuple[str, ...] = ()  # people whose chats show, besides the script's actors
    world: str = "programme"  # or "empty": only the first admin, no recall yet
    timed: bool = False  # each line with its date and time; the days shown go by day by day


SAVE = "⟨✅ 确认保存|✅ Save⟩"
ZHANG = "⟨张伟 · 青山县农业农村局⟩"
REFLECTION = "这一个月我认真反思了工作作风漂浮、落实不力的问题，决心改正。" * 2


def newcase(cadre: str, unit: str, mentor: str, supervisor: str) -> str:
    """The admin opens a recall through /newcase, as the demo's cast are opened."""
    return f"""
    刘处长: /newcase
    刘处长: {cadre}
    刘处长: {unit}
    刘处长: 副局长
    刘处长: ⟨乡科级|section level⟩
    刘处长: ⟨是|yes⟩
    刘处长: ⟨工作纪律与作风|work discipline and style⟩
    刘处长: ⟨不作为|inaction⟩
    刘处长: 2026-03 县级批次
    刘处长: ⟨今天|Today⟩
    刘处长: ⟨3 个月|3 months⟩
    刘处长: {mentor}
    刘处长: {supervisor}
    刘处长: {SAVE}
    """


SCENES = (
    # 1. Getting started ------------------------------------------------------------------
    Scene(
        "join",
        "张伟: /start {link}",
        given="@newcase\n刘处长: ⟨邀请 张伟（召回干部）|Invite 张伟 (recalled cadre)⟩",
        world="empty",
    ),
    Scene("start-again", "刘处长: /start"),
    Scene(
        "not-enrolled",
        """
        孙老师: /start
        孙老师: 你好|hello
        孙老师: /plan
        孙老师: /start abcdefWRONGtoken123
        """,
    ),
    Scene("link-used", "孙老师: /start {link}\n小王: /start {link}", given="@invite"),
    Scene(
        "link-expired",
        "郑洁: /start {link}",
        given="""
        刘处长: /invite
        刘处长: ⟨帮带人|mentor⟩
        刘处长: 郑洁
        刘处长: ⟨✅ 确认保存|✅ Save⟩
        (8 days)
        """,
    ),
    Scene("help", "张伟: /help\n李老师: /help"),
    Scene(
        "lang",
        """
        张伟: /lang
        张伟: ⟨English⟩
        张伟: /lang
        张伟: ⟨中文⟩
        """,
    ),
    Scene(
        "tz",
        """
        张伟: /tz
        张伟: ⟨乌鲁木齐时间（Asia/Urumqi）|Urumqi time (Asia/Urumqi)⟩
        张伟: /tz utc+8|/tz GMT+08:00
        张伟: /tz 火星|/tz Atlantis
        张伟: /tz 北京|/tz Beijing
        """,
    ),
    Scene("cancel-nothing", "张伟: /cancel\n张伟: /foo\n张伟: 你好|hello"),
    # 2. Reminders and notices ---------------------------------------------------------
    Scene(
        "case-assigned",
        "",
        given=newcase("刘洋", "青山县农业农村局", "李老师", "王部长"),
        readers=("李老师",),
    ),
    Scene("blocked", "", given="@blocks", also=("王部长",)),
    Scene("unblocked", "孙浩: !unblock\n孙浩: /start", given="@blocks"),
    Scene("outcome-missing", "(7 days)", given="(168 days)", readers=("刘处长",), timed=True),
    # 3. What every form does -------------------------------------------------------------
    Scene(
        "forms",
        f"""
        李老师: /talk
        李老师: {ZHANG}
        李老师: [photo]
        李老师: /cancel
        李老师: ⟨今天|Today⟩
        李老师: /talk
        李老师: {ZHANG}
        (35 minutes)
        李老师: ⟨今天|Today⟩
        张伟: /talk
        """,
    ),
    # 4. Recalled cadres ------------------------------------------------------------------
    Scene("plan", "张伟: /plan\n张伟: ⟨✅ 确认管理计划|✅ Acknowledge the plan⟩"),
    Scene(
        "reflect",
        f"""
        张伟: /reflect
        张伟: 太短了|Too short
        张伟: {REFLECTION}
        张伟: {SAVE}
        """,
    ),
    Scene(
        "reflect-sent-back",
        "",
        given=f"""
        @reflect
        李老师: /review
        李老师: ⟨张伟 · 2026年3月2日 · 第 1 稿|张伟 · 2 Mar 2026 · v1⟩
        李老师: ⟨✏️ 退回修改|✏️ Ask for a revision⟩
        李老师: 请结合具体事例。|Please give a concrete example.
        李老师: {SAVE}
        """,
        readers=("张伟",),
    ),
    Scene(
        "reflect-revise",
        f"""
        张伟: /reflect
        张伟: ⟨✏️ 修改 2026年3月2日 的汇报|✏️ Revise the one of 2 Mar 2026⟩
        张伟: [file 思想汇报-修改稿.docx]
        张伟: {SAVE}
        """,
        given="@reflect-sent-back",
    ),
    Scene(
        "reflect-accepted",
        "",
        given=f"""
        @reflect-revise
        李老师: ⟨📝 审阅|📝 Review⟩
        李老师: ⟨✅ 通过|✅ Accept⟩
        李老师: {SAVE}
        """,
        readers=("张伟",),
    ),
    Scene("confirm-talk", "张伟: ⟨✅ 属实|✅ Correct⟩", given="@talk", readers=("张伟",)),
    Scene(
        "dispute",
        f"""
        赵敏: ⟨✏️ 有异议|✏️ Dispute⟩
        赵敏: 地点应为我的办公室。|The place was my office.
        赵敏: {SAVE}
        """,
        given=f"""
        李老师: /talk
        李老师: ⟨赵敏 · 白石镇人民政府⟩
        李老师: ⟨今天|Today⟩
        李老师: 镇政府会议室|Town hall meeting room
        李老师: 谈了作风问题，本人表示要改。
        李老师: ⟨3⟩
        李老师: 每月报送整改进展|A progress report every month
        李老师: {SAVE}
        """,
        readers=("赵敏",),
        also=("李老师",),
    ),
    Scene(
        "checkin-cadre",
        """
        张伟: /start {link}
        张伟: /start {link}
        (12 minutes)
        赵敏: /start {link}
        """,
        given="李老师: /checkin\n李老师: ⟨10:00–13:00 作风建设专题培训班⟩",
    ),
    # 5. Mentors --------------------------------------------------------------------------
    Scene(
        "talk",
        """
        李老师: /talk
        李老师: ⟨张伟 · 青山县农业农村局⟩
        李老师: 2026年3月20日|20 March 2026
        李老师: ⟨今天|Today⟩
        李老师: 局党组会议室|Bureau meeting room
        李老师: [voice]
        李老师: ⟨4⟩
        李老师: 每周五书面汇报工作进展|A written report every Friday
        李老师: ⟨✅ 确认保存|✅ Save⟩
        """,
    ),
    Scene("dispute-notice", "", given="@dispute", readers=("李老师",)),
    Scene(
        "dispute-settle",
        """
        李老师: ⟨✅ 维持原记录|✅ Keep the record⟩
        李老师: 已与本人当面核实，原记录无误。|Checked with her in person: the record stands.
        李老师: ⟨✅ 确认保存|✅ Save⟩
        """,
        given="@dispute",
        also=("赵敏",),
    ),
    Scene(
        "review",
        f"""
        李老师: /review
        李老师: ⟨张伟 · 2026年3月2日 · 第 1 稿|张伟 · 2 Mar 2026 · v1⟩
        李老师: ⟨✏️ 退回修改|✏️ Ask for a revision⟩
        李老师: 请结合具体事例。|Please give a concrete example.
        李老师: {SAVE}
        """,
        given="@reflect",
        readers=("李老师",),
    ),
    Scene(
        "review-revision",
        f"""
        李老师: ⟨📝 审阅|📝 Review⟩
        李老师: ⟨✅ 通过|✅ Accept⟩
        李老师: {SAVE}
        """,
        given="@reflect-revise",
        readers=("李老师",),
    ),
    Scene(
        "attendance",
        f"""
        李老师: /attendance
        李老师: ⟨2026年3月2日 10:00 作风建设专题培训班|2 Mar 2026 10:00 作风建设专题培训班⟩
        李老师: ⟨⬜ 赵敏⟩
        李老师: ⟨✅ 赵敏⟩
        李老师: {SAVE}
        """,
        given="""
        李老师: /checkin
        李老师: ⟨10:00–13:00 作风建设专题培训班⟩
        张伟: /start {link}
        (40 minutes)
        """,
    ),
    Scene(
        "assess",
        f"""
        李老师: /assess
        李老师: {ZHANG}
        李老师: ⟨中期考察|Mid-period assessment⟩
        李老师: ⟨称职|Competent (称职)⟩
        李老师: 态度明显转变，工作主动性增强。|A clear change of attitude, more initiative.
        李老师: 期满后回原单位|Back to the original unit at the end
        李老师: {SAVE}
        """,
        given="@story",
    ),
    Scene("cases", "李老师: /cases", given="@story"),
    Scene(
        "checkin",
        """
        李老师: /checkin
        李老师: ⟨10:00–13:00 作风建设专题培训班⟩
        张伟: /start {link}
        张伟: /start {link}
        (12 minutes)
        赵敏: /start {link}
        """,
    ),
    # 6. Supervisors ----------------------------------------------------------------------
    Scene("help-supervisor", "王部长: /help"),
    Scene("overdue", "王部长: /overdue", given="(10 days)"),
    Scene(
        "case",
        f"""
        王部长: /case 陈静
        王部长: /case
        王部长: {ZHANG}
        王部长: ⟨📋 计划事项（15）|📋 Plan steps (15)⟩
        王部长: ⟨‹ 返回概要|‹ Back to the summary⟩
        王部长: ⟨📄 生成档案 PDF|📄 Dossier (PDF)⟩
        """,
        given="@story-assessed",
    ),
    Scene(
        "waive",
        """
        王部长: ⟨免除事项|Waive a step⟩
        王部长: ⟨2026年4月1日 党性教育|1 Apr 2026 Party-spirit education⟩
        王部长: 已参加县委党校同期专题学习|Attended the party school's course meanwhile
        王部长: ⟨✅ 确认保存|✅ Save⟩
        """,
        given="王部长: /case 张伟",
    ),
    Scene(
        "reschedule",
        f"""
        王部长: /reschedule
        王部长: {ZHANG}
        王部长: ⟨2026年4月8日 谈心谈话|8 Apr 2026 Heart-to-heart talk⟩
        王部长: 帮带人外出学习，回来后补谈|The mentor is away on a course; talk on return
        王部长: 2026年3月1日|1 March 2026
        王部长: 2026年4月10日|10 April 2026
        王部长: {SAVE}
        """,
    ),
    Scene(
        "digest",
        "王部长: /digest\n王部长: /digest_settings\n王部长: ⟨每天|Daily⟩",
        given="(10 days)",
    ),
    Scene(
        "stats",
        "王部长: /stats\n王部长: /stats 2026-03 县级批次\n王部长: /export",
        given="(10 days)",
    ),
    Scene(
        "outcome",
        f"""
        王部长: /outcome
        王部长: ⟨孙浩 · 东山区统计局⟩
        王部长: ⟨回原单位|back to the original unit⟩
        王部长: ⟨无|none⟩
        王部长: {SAVE}
        """,
        given="(92 days)",
    ),
    Scene("outcome-notices", "", given="@outcome", also=("王部长", "孙浩", "陈老师")),
    Scene(
        "leave",
        f"""
        王部长: /leave
        王部长: {ZHANG}
        王部长: ⟨➕ 登记新的离岗|➕ Record a new leave⟩
        王部长: ⟨病假|Sick leave⟩
        王部长: 2026年2月28日|28 February 2026
        王部长: 2026年3月9日|9 March 2026
        王部长: 2026年3月6日|6 March 2026
        王部长: 2026年3月18日|18 March 2026
        王部长: 住院治疗，医嘱休息十天|In hospital; ten days' rest on the doctor's orders
        王部长: ⟨顺延管理期 10 天|Extend the period by 10 days⟩
        王部长: {SAVE}
        张伟: /plan
        (10 days)
        王部长: /leave 张伟
        王部长: ⟨⏹ 提前结束 2026年3月9日 起的离岗|⏹ End the leave from 9 Mar 2026 early⟩
        王部长: 2026年3月15日|15 March 2026
        王部长: {SAVE}
        """,
        also=("张伟",),
    ),
    # 7. Admins ---------------------------------------------------------------------------
    Scene("help-admin", "刘处长: /help"),
    Scene(
        "newcase",
        newcase("张伟", "青山县农业农村局", "李老师", "王部长")
        + "刘处长: ⟨邀请 张伟（召回干部）|Invite 张伟 (recalled cadre)⟩",
        world="empty",
    ),
    Scene(
        "invite",
        f"""
        刘处长: /invite
        刘处长: ⟨帮带人|mentor⟩
        刘处长: 孙老师
        刘处长: {SAVE}
        """,
    ),
    Scene(
        "session",
        f"""
        刘处长: /session
        刘处长: ⟨专题培训|Special training⟩
        刘处长: 作风建设专题培训班
        刘处长: 2026年3月10日|10 March 2026
        刘处长: 10:00
        刘处长: ⟨3 小时|3 h⟩
        刘处长: 县委党校
        刘处长: ⟨＋ 整个批次：2026-03 县级批次|+ whole cohort: 2026-03 县级批次⟩
        刘处长: ⟨完成（已选 4 人）|Done (4 chosen)⟩
        刘处长: {SAVE}
        """,
    ),
    Scene(
        "extend",
        f"""
        刘处长: /extend 赵敏
        刘处长: ⟨5 个月|5 months⟩
        刘处长: 整改任务尚未完成|The corrective tasks are not finished
        刘处长: {SAVE}
        刘处长: /extend 孙浩
        刘处长: ⟨超过 6 个月|More than 6 months⟩
        刘处长: 30
        刘处长: 8
        刘处长: /cancel
        """,
    ),
    Scene(
        "close",
        f"""
        刘处长: /close 周芳
        刘处长: 本人调任新职，提前办结|Moved to a new post: concluded early
        刘处长: ⟨交流任职|reassigned to another post⟩
        刘处长: ⟨提拔重用|promoted⟩
        刘处长: {SAVE}
        """,
        given="(10 days)",
    ),
    Scene("stats-admin", "刘处长: /stats"),
    # 8. When something goes wrong --------------------------------------------------------
    Scene(
        "wrong-input",
        """
        王部长: /waive
        王部长: 陈
        王部长: ⟨孙浩 · 东山区统计局⟩
        王部长: 谈心谈话|Heart-to-heart talk
        """,
    ),
    Scene("not-allowed", "李老师: /waive\n王部长: /extend"),
)

# What other scenes start from; not in the guide themselves.
SETUPS = (
    Scene(
        "blocks",
        "",
        # 孙浩 blocks the bot; the bot finds out when it next writes to him.
        given=f"""
        孙浩: !block
        陈老师: /talk
        陈老师: ⟨孙浩 · 东山区统计局⟩
        陈老师: ⟨今天|Today⟩
        陈老师: 区统计局会议室|Bureau meeting room
        陈老师: 谈了考核排名靠后的原因。|We went over why his rankings lag.
        陈老师: ⟨3⟩
        陈老师: 每周报送一次整改进展|A progress report every week
        陈老师: {SAVE}
        """,
    ),
    Scene(
        "story",
        "",
        given="""
        @plan
        @talk
        张伟: ⟨✅ 属实|✅ Correct⟩
        @reflect-accepted
        李老师: /checkin
        李老师: ⟨10:00–13:00 作风建设专题培训班⟩
        张伟: /start {link}
        (4 hours)
        """,
    ),
    Scene(
        "story-assessed",
        "",
        given=f"""
        @story
        李老师: /assess
        李老师: {ZHANG}
        李老师: ⟨中期考察|Mid-period assessment⟩
        李老师: ⟨称职|Competent (称职)⟩
        李老师: 态度明显转变，工作主动性增强。|A clear change of attitude, more initiative.
        李老师: 期满后回原单位|Back to the original unit at the end
        李老师: {SAVE}
        """,
    ),
)
