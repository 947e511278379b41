//! Demo data from the Siping article: departments, their handler and leader, an operator, and
//! slips made from the stories the article tells. Also a generator of many realistic slips for
//! tests and benchmarks.

use crate::db::{Conn, ConnExt};
use chengban_protocol::{AttachmentMeta, Channel, Citizen, RequestType, Role, SlipKind, Tier};
use chrono::{DateTime, Duration, Utc};

use crate::auth::hash_password;
use crate::calendar::Calendar;
use crate::db::{departments, policy, slips, users};
use crate::error::ApiErr;

pub const DEMO_PASSWORD: &str = "demo1234";
pub const OPERATOR_USERNAME: &str = "operator";

/// (code, name): each gets `<code>.handler` and `<code>.leader`.
pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("tiexi", "铁西区住建局"),
    ("tiedong", "铁东区住房保障管理中心"),
    ("yibao", "市医保局"),
    ("lishu", "梨树县医保局"),
    ("renshe", "市人社局"),
    ("shichang", "市市场监督管理局"),
    ("gongshui", "市供水总公司"),
    ("huanjing", "铁西区生态环境分局"),
    ("zhifa", "市城市管理行政执法局"),
];

pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub department: String,
}

struct Story {
    dept: &'static str,
    kind: SlipKind,
    channel: Channel,
    request_type: RequestType,
    tier: Tier,
    title: &'static str,
    content: &'static str,
    name: &'static str,
    phone: &'static str,
    address: &'static str,
    /// How long ago it was dispatched.
    ago_minutes: i64,
}

const STORIES: &[Story] = &[
    Story { dept: "tiexi", kind: SlipKind::Assignment, channel: Channel::Hotline, request_type: RequestType::Help, tier: Tier::Urgent,
        title: "祥和家园小区垃圾台堆满无法倾倒",
        content: "来电人反映：铁西区祥和家园小区的垃圾台已经堆满，垃圾没有地方倾倒，小区内垃圾成堆，炎炎夏日臭气熏天，下雨时脏水满地。要求尽快清运垃圾，恢复小区正常生活环境。",
        name: "关先生", phone: "13843412345", address: "铁西区祥和家园小区", ago_minutes: 300 },
    Story { dept: "tiexi", kind: SlipKind::Supervision, channel: Channel::Hotline, request_type: RequestType::Complaint, tier: Tier::General,
        title: "高层住宅六楼以上经常停水",
        content: "来电人反映：所住高层六楼以上经常停水，影响正常生活，此前已多次反映未解决，请督促相关单位尽快解决供水问题。",
        name: "李女士", phone: "13943498765", address: "铁西区英雄大街某小区12号楼", ago_minutes: 60 * 30 },
    Story { dept: "tiexi", kind: SlipKind::Assignment, channel: Channel::MayorMailbox, request_type: RequestType::Suggestion, tier: Tier::Suggestion,
        title: "建议冬季来临前做好老旧小区水管保暖",
        content: "网民留言：每年冬季老旧小区水管冻裂频发，建议住建部门在入冬前组织排查并做好水管保暖，防止冻管停水。",
        name: "王先生", phone: "15604341122", address: "铁西区", ago_minutes: 60 * 24 * 2 },
    Story { dept: "tiexi", kind: SlipKind::Assignment, channel: Channel::Hotline, request_type: RequestType::Report, tier: Tier::Emergency,
        title: "四平东站附近豚草疯长，花粉致居民过敏",
        content: "来电人反映：四平东站附近有一种名为豚草的植物疯长，其花粉会引起居民哮喘、鼻炎，甚至肺气肿，请尽快组织清除。",
        name: "赵女士", phone: "18643456789", address: "四平东站附近", ago_minutes: 20 },
    Story { dept: "tiedong", kind: SlipKind::Assignment, channel: Channel::PeopleBoard, request_type: RequestType::Help, tier: Tier::Investigation,
        title: "残疾人家庭申请调换保障房至低楼层",
        content: "网民留言：本人肢体2级残疾，爱人于女士精神2级残疾，现享受保障性住房待遇，被分配到某号楼某单元5层，因家中均为残疾人，上下楼不便，希望帮忙调换至该小区低楼层。",
        name: "孙先生", phone: "13504345566", address: "铁东区某保障房小区", ago_minutes: 60 * 24 },
    Story { dept: "lishu", kind: SlipKind::Supervision, channel: Channel::Hotline, request_type: RequestType::Consultation, tier: Tier::ComplaintVerification,
        title: "退休后无法自行缴纳灵活就业医保",
        content: "来电人反映：原为国企职工，2022年退休，现想自己缴纳灵活就业医保，县医保局答复无法补缴、尚未实行此项政策，请求按相关文件落实政策。",
        name: "张先生", phone: "13614341234", address: "梨树县", ago_minutes: 60 * 24 * 3 },
    Story { dept: "yibao", kind: SlipKind::Assignment, channel: Channel::GovernorMailbox, request_type: RequestType::Consultation, tier: Tier::General,
        title: "咨询异地就医备案办理流程",
        content: "网民留言：父母随子女在外地长期居住，咨询如何办理异地就医备案，需要哪些材料，能否网上办理。",
        name: "陈女士", phone: "13756781234", address: "铁东区", ago_minutes: 90 },
    Story { dept: "renshe", kind: SlipKind::Assignment, channel: Channel::Hotline, request_type: RequestType::Help, tier: Tier::Urgent,
        title: "饭店拖欠20天工资拒不支付",
        content: "来电人反映：在某饭店工作，饭店拖欠其20天的工资，多次讨要均被拒绝，请帮助追回工资。",
        name: "刘先生", phone: "15143445678", address: "铁西区北门街某饭店", ago_minutes: 60 * 20 },
    Story { dept: "shichang", kind: SlipKind::Assignment, channel: Channel::Hotline, request_type: RequestType::Complaint, tier: Tier::ComplaintVerification,
        title: "金店售出金项链戴几天即断，店家拒绝退货",
        content: "来电人反映：在某金店购买一条金项链，戴了几天就断了，认为存在质量问题，店家拒绝负责，请帮助退货。",
        name: "周女士", phone: "13331234567", address: "铁东区中央东路某金店", ago_minutes: 60 * 5 },
    Story { dept: "huanjing", kind: SlipKind::Assignment, channel: Channel::Hotline, request_type: RequestType::Complaint, tier: Tier::General,
        title: "楼下饭店排烟风机噪音扰民",
        content: "来电人反映：家楼下饭店排烟风机未安装减噪设施，噪音扰民，影响休息，请帮助解决。",
        name: "吴先生", phone: "18943401234", address: "铁西区仁兴街某小区", ago_minutes: 60 * 2 },
    Story { dept: "gongshui", kind: SlipKind::Supervision, channel: Channel::Hotline, request_type: RequestType::Complaint, tier: Tier::Urgent,
        title: "春节前用水高峰小区停水",
        content: "来电人反映：小区近日用水高峰时段频繁停水，老人孩子生活不便，请尽快恢复供水并说明原因。",
        name: "郑女士", phone: "13894401122", address: "铁东区北二纬路某小区", ago_minutes: 60 * 26 },
];

/// The demo's logins, to print; all share [`DEMO_PASSWORD`].
pub fn logins() -> Vec<DemoLogin> {
    let mut out =
        vec![DemoLogin { username: OPERATOR_USERNAME.into(), role: Role::Operator, department: "12345热线受理中心".into() }];
    for (code, name) in DEPARTMENTS {
        out.push(DemoLogin { username: format!("{code}.handler"), role: Role::Handler, department: (*name).into() });
        out.push(DemoLogin { username: format!("{code}.handler2"), role: Role::Handler, department: (*name).into() });
        out.push(DemoLogin { username: format!("{code}.leader"), role: Role::Leader, department: (*name).into() });
        out.push(DemoLogin { username: format!("{code}.dispatcher"), role: Role::Dispatcher, department: (*name).into() });
    }
    out
}

/// Seeds the demo: the operator, each department with `<code>.handler`, `<code>.handler2`,
/// `<code>.leader` and `<code>.dispatcher` (内勤), the
/// Siping policy table, and the article's stories. Returns the logins to print.
pub fn seed(conn: &mut dyn Conn, calendar: &Calendar, now: DateTime<Utc>) -> Result<Vec<DemoLogin>, ApiErr> {
    let hash = hash_password(DEMO_PASSWORD)?;
    let mut tx = conn.transaction()?;
    for tier in Tier::ALL {
        policy::set(&mut tx, *tier, crate::policy::siping_default(*tier))?;
    }
    users::insert(&mut tx, OPERATOR_USERNAME, "受理中心 王春贺", &hash, Role::Operator, None)?;
    let mut ids = Vec::new();
    for (code, name) in DEPARTMENTS {
        let id = departments::insert(&mut tx, code, name)?;
        ids.push((*code, id));
        users::insert(&mut tx, &format!("{code}.handler"), &format!("{name}经办人"), &hash, Role::Handler, Some(id))?;
        users::insert(&mut tx, &format!("{code}.handler2"), &format!("{name}第二经办人"), &hash, Role::Handler, Some(id))?;
        users::insert(&mut tx, &format!("{code}.leader"), &format!("{name}分管领导"), &hash, Role::Leader, Some(id))?;
        users::insert(&mut tx, &format!("{code}.dispatcher"), &format!("{name}内勤"), &hash, Role::Dispatcher, Some(id))?;
    }
    for s in STORIES {
        let Some((_, dept)) = ids.iter().find(|(c, _)| *c == s.dept) else { continue };
        let dispatched_at = now - Duration::minutes(s.ago_minutes);
        let limit = policy::get(&mut tx, s.tier)?;
        let citizen = Citizen { name: Some(s.name.into()), phone: Some(s.phone.into()), anonymous: false };
        slips::insert(
            &mut tx,
            &slips::NewSlip {
                department_id: *dept,
                kind: s.kind,
                channel: s.channel,
                request_type: s.request_type,
                tier: s.tier,
                title: s.title,
                content: s.content,
                citizen: &citizen,
                address: Some(s.address),
                dispatched_at,
                due_at: crate::policy::due_at(dispatched_at, limit, calendar),
                return_until: crate::policy::due_at(dispatched_at, crate::policy::RETURN_WINDOW, calendar),
                acknowledge_until: crate::policy::due_at(dispatched_at, crate::policy::ACKNOWLEDGE_WINDOW, calendar),
                attachments: &[],
            },
        )?;
    }
    tx.commit()?;
    Ok(logins())
}

/// Whether the database already holds the demo (so a restarted demo keeps its data).
pub fn is_seeded(conn: &mut dyn Conn) -> Result<bool, ApiErr> {
    Ok(users::by_username(conn, OPERATOR_USERNAME)?.is_some())
}

const PLACES: &[&str] =
    &["铁西区英雄大街", "铁东区北二纬路", "梨树县梨树镇", "双辽市辽河大路", "伊通县伊通镇", "铁西区仁兴街", "铁东区中央东路"];
const MATTERS: &[(&str, &str)] = &[
    ("供暖温度不达标", "室内温度长期低于16度，老人孩子受冻，多次联系供热公司未果，请督促尽快解决。"),
    ("小区路灯损坏", "小区主干道路灯损坏已有半月，夜间出行不便存在安全隐患，请尽快维修。"),
    ("占道经营影响通行", "早市摊贩占用人行道和机动车道，早晚高峰交通拥堵，请相关部门规范管理。"),
    ("物业公司乱收费", "物业公司在未经业主大会同意的情况下上调物业费，并加收电梯使用费，请核实处理。"),
    ("咨询社保缴费年限", "本人灵活就业，咨询养老保险最低缴费年限及断缴后如何补缴，需要携带哪些材料。"),
    ("施工夜间噪音扰民", "附近工地夜间十点后仍在施工，噪音很大，严重影响居民休息，请依法查处。"),
    ("下水道堵塞污水外溢", "单元门前下水道堵塞，污水外溢结冰，行人多次滑倒，请尽快疏通。"),
];

/// Dispatches `count` realistic slips (Chinese text of 1–2 KB each) to `department_id`, spread
/// over the last days so deadlines vary. For tests and benchmarks.
pub fn generate(conn: &mut dyn Conn, calendar: &Calendar, department_id: i64, count: usize, now: DateTime<Utc>) -> Result<(), ApiErr> {
    let mut tx = conn.transaction()?;
    for i in 0..count {
        let (title, body) = MATTERS[i % MATTERS.len()];
        let place = PLACES[i % PLACES.len()];
        let tier = Tier::ALL[i % Tier::ALL.len()];
        let request_type = RequestType::ALL[i % RequestType::ALL.len()];
        let channel = Channel::ALL[i % Channel::ALL.len()];
        let kind = if i % 5 == 0 { SlipKind::Supervision } else { SlipKind::Assignment };
        let mut content = format!("来电人反映：{place}{body}");
        // Realistic slips carry the operator's notes of the call: pad to 1–2 KB.
        let target = 1024 + (i % 1024);
        while content.len() < target {
            content.push_str("受理员补充：来电人情绪较急，希望承办单位尽快联系并上门查看，处理结果请及时回复。");
        }
        let dispatched_at = now - Duration::minutes((i % (60 * 24 * 5)) as i64);
        let limit = policy::get(&mut tx, tier)?;
        let citizen = Citizen { name: Some(format!("市民{}", i % 1000)), phone: Some(format!("139{:08}", i)), anonymous: false };
        slips::insert(
            &mut tx,
            &slips::NewSlip {
                department_id,
                kind,
                channel,
                request_type,
                tier,
                title: &format!("{place}{title}"),
                content: &content,
                citizen: &citizen,
                address: Some(place),
                dispatched_at,
                due_at: crate::policy::due_at(dispatched_at, limit, calendar),
                return_until: crate::policy::due_at(dispatched_at, crate::policy::RETURN_WINDOW, calendar),
                acknowledge_until: crate::policy::due_at(dispatched_at, crate::policy::ACKNOWLEDGE_WINDOW, calendar),
                attachments: &[] as &[AttachmentMeta],
            },
        )?;
    }
    tx.commit()?;
    Ok(())
}
