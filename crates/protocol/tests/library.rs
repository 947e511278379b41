//! Templates: which placeholders they may use, and how one is filled for a slip.

use chengban_protocol::library::*;
use chrono::NaiveDate;

fn ctx(address: Option<&str>) -> FillContext {
    FillContext {
        citizen_title: citizen_title(Some("周先生"), false),
        address: address.map(str::to_string),
        dispatched: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    }
}

#[test]
fn a_template_is_filled_with_the_citizens_title_the_address_and_the_dates() {
    let body = "{称呼}：您好！您于{派发日期}反映的{地址}路灯问题，已于{今天}修复。";
    assert_eq!(fill(body, &ctx(Some("铁西区测试街12号"))), "周先生：您好！您于11月25日反映的铁西区测试街12号路灯问题，已于11月26日修复。");
    assert_eq!(fill("{地址}", &ctx(None)), "您反映的地点");
}

#[test]
fn the_citizen_is_addressed_by_a_form_of_address_never_a_full_name() {
    assert_eq!(citizen_title(Some("钱女士"), false), "钱女士");
    assert_eq!(citizen_title(Some("钱小红"), false), "市民");
    assert_eq!(citizen_title(Some("周先生"), true), "市民", "an anonymous caller is not named");
    assert_eq!(citizen_title(None, false), "市民");
}

#[test]
fn only_the_known_placeholders_are_allowed() {
    let ok = TemplateInput { title: "路灯".into(), body: "{称呼}您好，{地址}，{派发日期}，{今天}".into() };
    assert_eq!(check_template(&ok), Ok(()));
    let phone = TemplateInput { title: "路灯".into(), body: "{称呼}，您的电话{电话}".into() };
    assert!(check_template(&phone).unwrap_err().contains("“{电话}”不是可用的占位符"));
    let blank = TemplateInput { title: "路灯".into(), body: " \n".into() };
    assert_eq!(check_template(&blank), Err("请填写模板内容".into()));
}
