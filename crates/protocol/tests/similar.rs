//! Similar cases and the 重复件 rule.

use chengban_protocol::similar::*;
use chrono::{Duration, TimeZone, Utc};

#[test]
fn phones_and_addresses_compare_as_written_differently() {
    assert_eq!(phone_digits("+86 138-1234-5678"), phone_digits("13812345678"));
    assert_eq!(phone_digits("１３８１２３４５６７８").as_deref(), Some("13812345678"));
    assert_eq!(phone_digits("12345"), None, "too short to name anyone");
    assert_eq!(address_key("铁西区 测试街12号，南门"), address_key("铁西区测试街１２号南门"));
    assert_eq!(address_key("铁西"), None, "too short to name a place");
}

#[test]
fn titles_about_the_same_thing_are_alike_and_others_are_not() {
    assert!(title_likeness("小区门口路灯不亮", "小区门口的路灯又不亮了") >= SAME_TITLE);
    assert!(title_likeness("小区门口路灯不亮", "楼上装修噪音扰民") < SAME_TITLE);
    assert_eq!(title_likeness("", "路灯"), 0.0);
}

#[test]
fn the_same_matter_is_the_same_place_or_a_like_title_within_thirty_days_before() {
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 2, 0, 0).unwrap();
    let slip = Matter { title: "路灯不亮", address: Some("铁西区测试街12号"), dispatched_at: now };
    let place = Matter { title: "井盖缺失", address: Some("铁西区 测试街12号"), dispatched_at: now - Duration::days(10) };
    assert!(same_matter(&slip, &place), "the same place");
    let title = Matter { title: "路灯又不亮了", address: None, dispatched_at: now - Duration::days(29) };
    assert!(same_matter(&slip, &title), "a like title");
    let old = Matter { dispatched_at: now - Duration::days(31), ..title };
    assert!(!same_matter(&slip, &old), "more than thirty days before");
    let other = Matter { title: "噪音扰民", address: Some("铁东区北二纬路"), dispatched_at: now - Duration::days(3) };
    assert!(!same_matter(&slip, &other), "another matter");
}
